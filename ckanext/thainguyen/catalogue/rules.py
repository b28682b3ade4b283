"""Who may read a catalogue entry's metadata and who may use its data.

Both questions are answered with CKAN permission labels, so the same rule
serves Solr (search), ``package_show`` auth and our data checks:

- *data labels* of an entry say who may use its data (resource URLs, files,
  DataStore rows, views);
- its *metadata labels* are the data labels, plus, for ``default`` and
  ``special`` entries, ``thainguyen-restricted-metadata``: every user,
  anonymous ones too, carries that label unless
  ``ckanext.thainguyen.hide_restricted_metadata`` is on. Decided on the
  user's side at each request, switching the option takes effect at once,
  in search too, without reindexing.

Labels that change with a person (memberships, access grants) are on the
user's side, computed at each request, so a membership change or a grant
approval takes effect without reindexing any dataset.
"""
from __future__ import annotations

import json
from typing import Any, Optional

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import authz, model
from ckan.lib.plugins import DefaultPermissionLabels

from ckanext.thainguyen.core import permissions
from ckanext.thainguyen.core.users import user_from_context

CATALOGUE_TYPE = "dataset"

OPEN = "open"
DEFAULT = "default"
SPECIAL = "special"
MODES = (OPEN, DEFAULT, SPECIAL)
RESTRICTED_MODES = (DEFAULT, SPECIAL)

# ``shared_with`` value meaning "every state agency".
SHARED_WITH_ALL = "all"

PUBLIC_LABEL = "public"
# On restricted entries, whose metadata is public unless the site hides it;
# users carry it while the site does not (``configured_user_labels``).
RESTRICTED_METADATA_LABEL = "thainguyen-restricted-metadata"
# Carried by every member of any organisation: the province's agency staff.
AGENCY_STAFF_LABEL = "thainguyen-agency-staff"

_core_labels = DefaultPermissionLabels()


def derive_private(mode: Optional[str]) -> Optional[bool]:
    """The ``private`` flag an entry in ``mode`` must have.

    ``None`` for an unclassified entry: its flag stays whatever it was.
    Several core actions (package_list, resource_search, ...) only look at
    this flag, so restricted entries must be private in CKAN's sense.
    """
    if mode == OPEN:
        return False
    if mode in RESTRICTED_MODES:
        return True
    return None


def member_label(org_id: str) -> str:
    return f"member-{org_id}"


def collaborator_label(package_id: str) -> str:
    # CKAN's own label for a dataset's collaborators (DefaultPermissionLabels).
    return f"collaborator-{package_id}"


def grant_label(package_id: str) -> str:
    return f"grant-{package_id}"


def mode_of(package: model.Package) -> Optional[str]:
    mode = (package.extras or {}).get("sharing_mode")
    return mode if mode in MODES else None


def shared_with_of(package: model.Package) -> list[str]:
    return parse_list((package.extras or {}).get("shared_with"))


def parse_list(value: Any) -> list[str]:
    """A list stored by scheming (JSON text) or given as a list or CSV."""
    if value in (None, ""):
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    if text.startswith("["):
        try:
            return [str(v).strip() for v in json.loads(text) if str(v).strip()]
        except ValueError:
            pass
    return [v.strip() for v in text.split(",") if v.strip()]


def is_catalogue_entry(package: model.Package) -> bool:
    return (package.type or CATALOGUE_TYPE) == CATALOGUE_TYPE


def data_labels(package: model.Package) -> list[str]:
    """Labels of those who may use the entry's data."""
    if not is_catalogue_entry(package):
        # Other record types: whoever may read the record may use its data.
        return permissions.get_dataset_labels(package)
    mode = mode_of(package)
    if package.state != "active" or mode is None:
        # Drafts, deleted and unclassified datasets behave as CKAN made them.
        return _core_labels.get_dataset_labels(package)
    if mode == OPEN:
        return [PUBLIC_LABEL]
    labels = [member_label(package.owner_org)] if package.owner_org else []
    if authz.check_config_permission("allow_dataset_collaborators"):
        # Collaborators are chosen for this very entry by its agency's admins.
        labels.append(collaborator_label(package.id))
    if mode == DEFAULT:
        shared = shared_with_of(package)
        if SHARED_WITH_ALL in shared:
            labels.append(AGENCY_STAFF_LABEL)
        else:
            labels.extend(member_label(org_id) for org_id in shared)
    else:
        labels.append(grant_label(package.id))
    return labels


def metadata_labels(package: model.Package) -> list[str]:
    """Labels of those who may find and read the entry (DATASET_LABELLER)."""
    labels = data_labels(package)
    if package.state == "active" and mode_of(package) in RESTRICTED_MODES:
        labels = [RESTRICTED_METADATA_LABEL] + labels
    return labels


def configured_user_labels() -> list[str]:
    """Labels of every user, anonymous ones too, decided by the configuration."""
    if tk.config.get("ckanext.thainguyen.hide_restricted_metadata"):
        return []
    return [RESTRICTED_METADATA_LABEL]


def public_whatever_the_mode(package: model.Package) -> bool:
    """Whether every user may read the entry whatever its mode.

    Active non-private entries are: open and unclassified ones carry
    ``public`` by CKAN's rule, restricted ones (always private, but whatever
    their flag) ``thainguyen-restricted-metadata``, which every user carries
    unless hide_restricted_metadata is on. So package_show's auth need not
    load the entry's extras to read its mode.
    """
    return (
        is_catalogue_entry(package)
        and package.state == "active"
        and not package.private
        and not tk.config.get("ckanext.thainguyen.hide_restricted_metadata")
    )


def agency_staff_label_query(user: Any) -> Any:
    """USER_LABEL_QUERY: members of any organisation are state-agency staff."""
    membership = (
        sa.select(model.Member.id)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .where(
            model.Member.table_name == "user",
            model.Member.table_id == user.id,
            model.Member.state == "active",
            model.Group.is_organization.is_(True),
            model.Group.state == "active",
        )
    )
    return sa.select(sa.literal(AGENCY_STAFF_LABEL).label("label")).where(membership.exists())


# ------------------------------------------------------------ the asking user

def user_labels(user_obj: Optional[model.User]) -> list[str]:
    return permissions.get_user_dataset_labels(user_obj)


# Where a Viewer is kept in an action context, for the calls it makes.
VIEWER_CACHE_KEY = "_thainguyen_viewer"


class Viewer:
    """The person asking; their labels come from the per-request cache of ``core.permissions``."""

    def __init__(self, user_obj: Optional[model.User], trusted: bool = False):
        self.user = user_obj
        # ignore_auth contexts are CKAN itself (indexing, internal calls).
        self.trusted = trusted
        # The flag itself: authz.is_sysadmin would look the user up again.
        self.is_sysadmin = bool(user_obj and user_obj.sysadmin)

    @classmethod
    def from_context(cls, context: Any) -> "Viewer":
        if context.get("ignore_auth"):
            # Never cached: a copy of this context without the flag must
            # not inherit the trust.
            return cls(user_from_context(context), trusted=True)
        cached = context.get(VIEWER_CACHE_KEY)
        if isinstance(cached, Viewer) and not cached.trusted:
            return cached
        viewer = cls(user_from_context(context))
        try:
            context[VIEWER_CACHE_KEY] = viewer
            if viewer.user is not None and not context.get("auth_user_obj"):
                # CKAN's check_access would look the same user up again.
                context["auth_user_obj"] = viewer.user
        except TypeError:
            pass
        return viewer

    @property
    def labels(self) -> set[str]:
        # Asked each time, never kept here: a Viewer lives in its context as
        # long as the context, across writes (a collaborator added, a grant
        # approved); permissions caches them per request until the next write.
        return set(user_labels(self.user))

    def may_use_data(self, package: model.Package) -> bool:
        if self.trusted or self.is_sysadmin:
            return True
        return bool(self.labels.intersection(data_labels(package)))

    def may_see_metadata(self, package: model.Package) -> bool:
        if self.trusted or self.is_sysadmin:
            return True
        return bool(self.labels.intersection(metadata_labels(package)))


def denial_reason(package: model.Package, viewer: Viewer) -> str:
    """Machine-readable reason why ``viewer`` may not use the data."""
    mode = mode_of(package)
    if mode == SPECIAL:
        return "special-needs-grant"
    if mode == DEFAULT:
        return "default-needs-login" if viewer.user is None else "default-not-shared"
    return "private"
