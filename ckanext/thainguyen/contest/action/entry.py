"""Innovation-contest actions on entries and their workflow.

Each action checks access first, validates, then acts; an illegal workflow
step raises a ValidationError on ``status`` and changes nothing.
"""
from __future__ import annotations

import uuid
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan import authz
from ckan.lib import munge, search

from ckanext.thainguyen.contest import activity, rules, schema
from ckanext.thainguyen.contest.action.common import (
    check_prize_free, entry_in_edition_or_404, entry_or_404, iso, refuse,
)
from ckanext.thainguyen.contest.model import ContestEntry
from ckanext.thainguyen.core.dates import local_text, utcnow
from ckanext.thainguyen.core.validators import validate_or_raise

__all__ = [
    "thainguyen_entry_create", "thainguyen_entry_update", "thainguyen_entry_attach",
    "thainguyen_entry_submit", "thainguyen_entry_withdraw",
    "thainguyen_entry_set_status", "thainguyen_entry_award",
]

# Fields an entrant never sets: ownership and visibility follow the workflow
# (nor ``name``: see ``_settable``).
_ENTRY_PROTECTED = {"id", "owner_org", "private", "state", "type", "resources",
                    "creator_user_id", "contest_status", "contest_prize"}


# ------------------------------------------------------------------ entries
def _as_entrant(context: Any) -> dict[str, Any]:
    # package_create/update would refuse a citizen outside the contest
    # organisation; access was decided by this action's own auth function.
    return {"user": context["user"], "ignore_auth": True}


def _settable(context: Any, data_dict: dict[str, Any], entry_id: Any = None) -> dict[str, Any]:
    """The fields of ``data_dict`` the caller may set on an entry.

    Only sysadmins name an entry's URL, and not after another record's id: a
    package whose URL name is another's id would take that one's place in
    lookups by id or name and in the search index.
    """
    protected = _ENTRY_PROTECTED if authz.is_sysadmin(context.get("user")) else _ENTRY_PROTECTED | {"name"}
    data = {k: v for k, v in data_dict.items() if k not in protected}
    if data.get("name") and model.Session.query(model.Package.id).filter(
            model.Package.id == data["name"], model.Package.id != entry_id).first():
        raise tk.ValidationError({"name": [tk._("That URL is already in use.")]})
    return data


def thainguyen_entry_create(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_entry_create", context, data_dict)
    org = rules.contest_organization()
    if org is None:
        raise tk.ValidationError({"owner_org": [tk._("The contest organisation is not configured")]})
    edition = rules.get_edition(data_dict.get("contest_edition"))
    if edition is not None and rules.submission_window(edition) == rules.CLOSED:
        raise tk.ValidationError({"contest_edition": [rules.submission_notice(edition)]})
    data = _settable(context, data_dict)
    data.update(type=rules.ENTRY_TYPE, owner_org=org.id, private=True)
    if "team" in data:
        data["team"] = rules.with_organisation_ids(data["team"])
    if not data.get("name"):
        # Entrants never choose URLs; a suffix keeps equal titles apart (and,
        # six hex digits at the end, never spells a package's UUID).
        data["name"] = "{}-{}".format(
            munge.munge_title_to_name(str(data.get("title") or "bai-du-thi"))[:80],
            uuid.uuid4().hex[:6])
    pkg_dict = tk.get_action("package_create")(_as_entrant(context), data)
    # package_create validated contest_edition, so the edition exists now.
    edition = rules.get_edition(pkg_dict["contest_edition"])
    model.Session.add(ContestEntry(package_id=pkg_dict["id"], edition_id=edition.id,
                                   status=rules.DRAFT))
    model.Session.commit()
    search.rebuild(pkg_dict["id"])
    return tk.get_action("package_show")({"user": context["user"]}, {"id": pkg_dict["id"]})


def thainguyen_entry_update(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_entry_update", context, data_dict)
    pkg, state = entry_or_404(data_dict.get("id"))
    current = tk.get_action("package_show")({"user": context["user"]}, {"id": pkg.id})
    if current["contest_edition"] != data_dict.get("contest_edition", current["contest_edition"]):
        raise tk.ValidationError({"contest_edition": [tk._("An entry cannot move to another edition")]})
    current.update(_settable(context, data_dict, pkg.id))
    if "team" in current:
        current["team"] = rules.with_organisation_ids(current["team"])
    current.pop("contest_status", None)
    current.pop("contest_prize", None)
    tk.get_action("package_update")(_as_entrant(context), current)
    return tk.get_action("package_show")({"user": context["user"]}, {"id": pkg.id})


def thainguyen_entry_attach(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """Add an attachment (a link or an uploaded file) to an entry."""
    tk.check_access("thainguyen_entry_attach", context, data_dict)
    pkg, state = entry_or_404(data_dict.get("id"))
    resource = {k: v for k, v in data_dict.items()
                if k in ("name", "description", "url", "upload", "format")}
    if not resource.get("url") and not resource.get("upload"):
        raise tk.ValidationError({"url": [tk._("Give a link or choose a file")]})
    resource["package_id"] = pkg.id
    return tk.get_action("resource_create")(_as_entrant(context), resource)


def _move(context: Any, pkg: model.Package, state: ContestEntry, status: str) -> dict[str, Any]:
    old_status = state.status
    state.status = status
    state.status_changed = utcnow()
    if status == rules.SUBMITTED:
        state.submitted = state.status_changed
    activity.record_status_change(context, pkg, old_status, status, state.prize)
    model.Session.commit()
    search.rebuild(pkg.id)  # labels depend on the status
    return _entry_state_dict(pkg, state)


def _entry_state_dict(pkg: model.Package, state: ContestEntry) -> dict[str, Any]:
    return {"id": pkg.id, "name": pkg.name, "status": state.status, "prize": state.prize,
            "submitted": iso(state.submitted), "status_changed": iso(state.status_changed)}


def thainguyen_entry_submit(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_entry_submit", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_ref_schema(), context)
    pkg, state, edition = entry_in_edition_or_404(data["id"])
    if state.status != rules.DRAFT:
        refuse(tk._("Only a draft can be submitted (this entry is: %s)") % rules.status_label(state.status))
    if rules.submission_window(edition) != rules.OPEN:
        refuse(tk._("Entries are accepted from %(opens)s to %(closes)s") % {
            "opens": local_text(edition.submission_opens),
            "closes": local_text(edition.submission_closes)})
    return _move(context, pkg, state, rules.SUBMITTED)


def thainguyen_entry_withdraw(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_entry_withdraw", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_ref_schema(), context)
    pkg, state, edition = entry_in_edition_or_404(data["id"])
    if state.status not in rules.WITHDRAWABLE:
        refuse(tk._("This entry can no longer be withdrawn (it is: %s)") % rules.status_label(state.status))
    if utcnow() > edition.judging_closes or rules.results_published(edition):
        refuse(tk._("Entries cannot be withdrawn after judging has ended"))
    return _move(context, pkg, state, rules.WITHDRAWN)


def thainguyen_entry_set_status(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_entry_set_status", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_set_status_schema(), context)
    pkg, state, edition = entry_in_edition_or_404(data["id"])
    if rules.results_published(edition):
        refuse(tk._("The results of this edition are published"))
    if data["status"] not in rules.ORGANISER_TRANSITIONS.get(state.status, set()):
        refuse(tk._("An entry cannot go from %(from)s to %(to)s") % {
            "from": rules.status_label(state.status), "to": rules.status_label(data["status"])})
    return _move(context, pkg, state, data["status"])


def thainguyen_entry_award(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_entry_award", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_award_schema(), context)
    pkg, state, edition = entry_in_edition_or_404(data["id"])
    if rules.results_published(edition):
        refuse(tk._("The results of this edition are published"))
    if state.status not in (rules.SHORTLISTED, rules.AWARDED):
        refuse(tk._("Only a shortlisted entry can be awarded"))
    check_prize_free(edition, pkg, data["prize"])
    state.prize = data["prize"]
    return _move(context, pkg, state, rules.AWARDED)
