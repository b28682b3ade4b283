"""CKAN's own messages that the extension's catalogue translates for CKAN.

Never imported: it is a source that ``setup.py extract_messages`` reads (see
``message_extractors``), so the catalogue keeps these msgids although the
extension's code does not use them, and ``pybabel update`` does not drop them.

CKAN 2.11 and 2.12 merge catalogues with flask-babel: CKAN's own first, then
each ITranslation plugin's, by ``babel.support.Translations.merge`` (a dict
update). A msgid of ``ckanext-thainguyen.po`` therefore replaces CKAN's
translation of it, and translates it where CKAN's Vietnamese catalogue has
none. Each msgid below is copied exactly from CKAN's ``ckan.po`` (2.11 or
2.12: a msgid only one release has is harmless in the other).
"""


def _(message):
    return message


def ngettext(singular, plural, n):
    return singular if n == 1 else plural


# CKAN's Vietnamese is wrong where the portal's users read it.
CORRECTED = [
    _("Required field"),          # "Lĩnh vực được yêu cầu" reads as a question
    _("Field"),                   # "Miền"
    _("Visibility"),              # "Tầm nhìn"
    _("News feed"),               # "Cung cấp tin tức"
    _("CKAN API"),                # "Giao diện người sử dụng CKAN"
    _("Markdown"),                # "Giảm "
    _("Member Since"),            # "Thành viên trước đây"
    _("License definitions and additional information can be found at "
      "<a href=\"http://opendefinition.org/licenses/\">opendefinition.org</a>"),
    ngettext("{number} dataset found", "{number} datasets found", 1),
    ngettext("{number} dataset found for \"{query}\"", "{number} datasets found for \"{query}\"", 1),
    ngettext("{number} group found", "{number} groups found", 1),
    ngettext("{number} group found for \"{query}\"", "{number} groups found for \"{query}\"", 1),
    ngettext("{number} organization found", "{number} organizations found", 1),
    ngettext("{number} organization found for \"{query}\"",
             "{number} organizations found for \"{query}\"", 1),
]

# CKAN's messages without a Vietnamese translation, on the pages of the journeys.
MISSING = [
    # Every page: header, footer, navigation.
    _("Toggle navigation"),
    _("Skip to main content"),
    _("Submit"),
    _("Search Datasets..."),
    _("Search {object_type}s..."),
    _("CKAN Association"),
    _("Breadcrumb"),
    _("Account"),
    _("Profile settings"),
    # Home and search.
    _("Search data"),
    _("E.g. environment"),
    _("Search datasets"),
    # Entries and resources.
    _("Dataset description:"),
    _("Data last updated"),
    _("Metadata last updated"),
    _("This dataset has no data"),
    _("Dataset not found or you have no permission to view it"),
    _("Reorder resources"),
    _("Data"),
    _("{} not found"),
    # Error pages, to a visitor not signed in.
    _("You might need to login to access this page."),
    _("Click here to login"),
    # Forms.
    _("Key"),  # the custom fields of the free extras
    _("You can use <a href=\"#markdown\" title=\"Markdown quick reference\" data-bs-toggle=\"popover\" "
      "data-bs-content=\"%(markdown_tooltip)s\" data-bs-html=\"true\">Markdown formatting</a> here"),
    _("The <i>data license</i> you select above only applies to the contents of any resource "
      "files that you add to this dataset. By submitting this form, you agree to release the "
      "<i>metadata</i> values that you enter into the form under the "
      "<a href=\"http://opendatacommons.org/licenses/odbl/1-0/\">Open Database License</a>."),
    # Organisations.
    ngettext("{num} Member", "{num} Members", 1),
    _("0 Members"),
    ngettext("{count} member", "{count} members", 1),
    _("Members not found"),
    # Accounts: login, registration, password, profile, dashboard.
    _("Username or Email"),
    _("Email or username"),
    _("username"),
    _("Request Reset"),
    _("Enter your email address or username into the box and we will send you an email "
      "with a link to enter a new password."),
    _("Old Password"),
    _("Profile picture"),
    _("Profile picture URL"),
    _("API Tokens"),
    _("Search followee"),
    _("Email address"),
    _("Create API Token"),
    _("Last access"),
    _("Token"),
    # E-mails: password reset and invitation.
    _("Reset your password - %(site_title)s"),
    _("Invite for %(site_title)s"),
    _("Dear %(user_name)s, You have requested your password on %(site_title)s to be reset. "
      "Please click the following link to confirm this request: %(reset_link)s Have a nice day. "
      "-- Message sent by %(site_title)s (%(site_url)s)"),
    _("Dear %(user_name)s, You have been invited to %(site_title)s. A user has already been "
      "created for you with the username %(user_name)s. You can change it later. You have been "
      "added to the %(group_type)s %(group_title)s with the following role: %(role_name)s. To "
      "accept this invite, please reset your password at: %(reset_link)s Have a nice day. -- "
      "Message sent by %(site_title)s (%(site_url)s)"),
]

# The same pages' messages that one supported release only has (its templates
# changed): tests/i18n checks every other msgid against the installed CKAN's.
ONLY_2_11 = [
    _("Datasets in organization: {group}"),
    _("Datasets in group: {group}"),
    _("Actions"),
    _("You haven't created any API Tokens."),
    _("There is no description for this dataset"),
]

ONLY_2_12 = [
    # Labels for screen readers and tooltips, the search count, the account page.
    _("Navigate to Home - {site_title}"),
    _("Navigate to dataset: {title}"),
    _("Navigate to resource: {name}"),
    _("Navigate to resource: {name_or_id}"),
    _("Current resource: {name}"),
    _("Resource URL: {url}"),
    _("Open details page for {name}"),
    _("Activity occurred on: {time}"),
    _("close"),
    _("Facebook"),
    _("Placeholder"),
    _("Unpublish"),
    ngettext("%(count)s dataset found.", "%(count)s datasets found.", 1),
    ngettext("%(count)s dataset found for \"%(query)s\".", "%(count)s datasets found for \"%(query)s\".", 1),
    _("This information is visible to you and admins"),
    _("Filter by: {title}"),
    _("Search datasets by {name}: {label}"),
    _("Remove applied filter: {value}"),
    _("Search datasets with the tag: {name}"),
    _("Search datasets with the tag: {tag}"),
    _("Open details page for dataset - {title}"),
    _("There is no description for this dataset."),
    _("There is no description for this organization."),
    _("Delete this member from the organization"),
    _("Edit the role of the user within the organization"),
]

# CKAN's licence register builds its titles once, at start-up, in English;
# the templates translate them when they show them (thainguyen_license_title).
LICENCES = [
    _("License not specified"),
    _("Open Data Commons Public Domain Dedication and License (PDDL)"),
    _("Open Data Commons Open Database License (ODbL)"),
    _("Open Data Commons Attribution License"),
    _("Creative Commons CCZero"),
    _("Creative Commons Attribution"),
    _("Creative Commons Attribution Share-Alike"),
    _("GNU Free Documentation License"),
    _("Other (Open)"),
    _("Other (Public Domain)"),
    _("Other (Attribution)"),
    _("UK Open Government Licence (OGL)"),
    _("Creative Commons Non-Commercial (Any)"),
    _("Other (Non-Commercial)"),
    _("Other (Not Open)"),
]
