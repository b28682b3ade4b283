"""Auth functions of the innovation-contest actions (same names).

Who may act is decided here; whether the entry's workflow state allows the
step is decided by the action (a ValidationError on ``status``).
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import authz, model

from ckanext.thainguyen.contest import rules
from ckanext.thainguyen.core.users import user_obj
from ckanext.thainguyen.core.storable import lookup_key

__all__ = [
    "thainguyen_contest_edition_create", "thainguyen_contest_edition_update",
    "thainguyen_contest_edition_show", "thainguyen_contest_edition_list",
    "thainguyen_organiser_assign", "thainguyen_judge_assign",
    "thainguyen_entry_create", "thainguyen_entry_update", "thainguyen_entry_attach",
    "thainguyen_entry_submit", "thainguyen_entry_withdraw",
    "thainguyen_entry_set_status", "thainguyen_entry_award",
    "thainguyen_entry_score", "thainguyen_judge_assignments",
    "thainguyen_contest_results", "thainguyen_contest_publish_results",
    "thainguyen_contest_stats", "thainguyen_entry_status_history",
    "thainguyen_contest_correct_result",
    # CKAN's own, chained: entries change only through the actions above.
    "package_create", "package_update", "package_patch", "package_delete", "dataset_purge",
    "package_owner_org_update", "bulk_update_private", "bulk_update_public", "bulk_update_delete",
    "resource_create", "resource_update", "resource_patch", "resource_delete",
]


def _ok(success: bool, msg: str = "") -> dict[str, Any]:
    return {"success": True} if success else {"success": False, "msg": msg}


def _edition(data_dict: dict[str, Any]) -> Any:
    edition = rules.get_edition((data_dict or {}).get("id"))
    if edition is None:
        raise tk.ObjectNotFound(tk._("Contest edition not found"))
    return edition


def _entry(data_dict: dict[str, Any]) -> Any:
    pkg = rules.get_entry_package((data_dict or {}).get("id"))
    if pkg is None or rules.get_entry_state(pkg.id) is None:
        raise tk.ObjectNotFound(tk._("Contest entry not found"))
    return pkg


def _organiser_of_edition(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _ok(rules.is_organiser(context.get("user"), _edition(data_dict)),
               tk._("Only the organisers of this contest edition may do this"))


def _organiser_of_entry(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    pkg = _entry(data_dict)
    return _ok(rules.is_organiser(context.get("user"), rules.edition_of(pkg)),
               tk._("Only the organisers of this contest edition may do this"))


def _entrant(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    pkg = _entry(data_dict)
    return _ok(rules.is_entrant(context.get("user"), pkg),
               tk._("Only the entrant may do this"))


def thainguyen_contest_edition_create(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    # Sysadmins pass before this is called; the admins of the contest
    # organisation run the contest, so they open its editions too.
    org = rules.contest_organization()
    user = user_obj(context.get("user"))
    return _ok(bool(org and user and authz.has_user_permission_for_group_or_org(
        org.id, user.name, "admin")),
        tk._("Only system administrators and the admins of the contest organisation "
             "may create contest editions"))


def thainguyen_contest_edition_update(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _organiser_of_edition(context, data_dict)


@tk.auth_allow_anonymous_access
def thainguyen_contest_edition_show(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _ok(True)


@tk.auth_allow_anonymous_access
def thainguyen_contest_edition_list(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _ok(True)


def thainguyen_organiser_assign(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _organiser_of_edition(context, data_dict)


def thainguyen_judge_assign(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _organiser_of_edition(context, data_dict)


def thainguyen_entry_create(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    # Anyone with an account may enter: citizens need no organisation.
    return _ok(bool(user_obj(context.get("user"))),
               tk._("Sign in to enter the contest"))


def thainguyen_entry_update(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    pkg = _entry(data_dict)
    user = context.get("user")
    if rules.is_organiser(user, rules.edition_of(pkg)):
        return _ok(True)
    state = rules.get_entry_state(pkg.id)
    return _ok(rules.is_entrant(user, pkg) and state.status == rules.DRAFT,
               tk._("Only the entrant may edit an entry, and only while it is a draft"))


def thainguyen_entry_attach(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    # Attachments are part of the entry: frozen like the rest once submitted.
    return thainguyen_entry_update(context, data_dict)


def thainguyen_entry_submit(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _entrant(context, data_dict)


def thainguyen_entry_withdraw(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _entrant(context, data_dict)


def thainguyen_entry_set_status(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _organiser_of_entry(context, data_dict)


def thainguyen_entry_award(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _organiser_of_entry(context, data_dict)


def thainguyen_entry_score(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    pkg = _entry(data_dict)
    user = context.get("user")
    if not rules.is_judge(user, rules.edition_of(pkg)):
        return _ok(False, tk._("Only the judges of this contest edition may score entries"))
    return _ok(not rules.judge_conflict(user, pkg),
               tk._("A judge may not score an entry of their own or of their organisation"))


def thainguyen_judge_assignments(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    edition = _edition(data_dict)
    return _ok(rules.is_judge(context.get("user"), edition),
               tk._("Only the judges of this contest edition may do this"))


@tk.auth_allow_anonymous_access
def thainguyen_contest_results(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    edition = _edition(data_dict)
    return _ok(rules.results_published(edition)
               or rules.is_organiser(context.get("user"), edition),
               tk._("The results of this edition are not published yet"))


def thainguyen_contest_publish_results(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _organiser_of_edition(context, data_dict)


def thainguyen_contest_correct_result(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    # Whether the results are published (a correction needs them to be) is
    # the action's: a ValidationError on ``status``.
    return _organiser_of_entry(context, data_dict)


def thainguyen_contest_stats(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _organiser_of_edition(context, data_dict)


def thainguyen_entry_status_history(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    # Anonymous users are refused by CKAN before this runs. Without an id
    # there is nothing to protect: the action then reports the missing field.
    if not str((data_dict or {}).get("id") or "").strip():
        return _ok(True)
    pkg = _entry(data_dict)
    user = context.get("user")
    # Judges see the entry, not how it moved through the workflow.
    return _ok(rules.is_entrant(user, pkg) or rules.is_organiser(user, rules.edition_of(pkg)),
               tk._("Only the entrant and the organisers may see the status history of an entry"))


# ------------------------------------------------------------------ core actions on entries
# The contest's actions write entries with ignore_auth, after their own auth
# function decided; these refuse the same writes through CKAN's own API and
# forms, which would skip the workflow (and, once results are published,
# change a published ranking).

def _entry_of_core_call(data_dict: dict[str, Any]) -> Any:
    ref = (data_dict or {}).get("id") or (data_dict or {}).get("name")
    return rules.get_entry_package(ref)


def _entry_to_purge(data_dict: dict[str, Any]) -> Any:
    # A deleted entry can still be purged, and its results may be published.
    return rules.get_entry_package((data_dict or {}).get("id"), include_deleted=True)


def _entries_of_bulk_call(data_dict: dict[str, Any]) -> list[Any]:
    """The entries among the datasets of a bulk_update_* call (CKAN finds
    them by id, in the organisation given)."""
    datasets = (data_dict or {}).get("datasets")
    refs = [datasets] if isinstance(datasets, str) else datasets if isinstance(datasets, list) else []
    ids = [ref for ref in refs if lookup_key(ref)]
    if not ids:
        return []
    return model.Session.query(model.Package).filter(
        model.Package.id.in_(ids), model.Package.type == rules.ENTRY_TYPE).all()


@tk.chained_auth_function
def package_create(next_auth: Any, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    if (data_dict or {}).get("type") == rules.ENTRY_TYPE:
        # Sysadmins never get here (CKAN lets them through first).
        return _ok(False, tk._("Contest entries are submitted through the contest pages"))
    return next_auth(context, data_dict)


def _core_write(pkg: Any, context: Any, next_auth: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _core_write_of_all([] if pkg is None else [pkg], context, next_auth, data_dict)


def _core_write_of_all(entries: list[Any], context: Any, next_auth: Any,
                       data_dict: dict[str, Any]) -> dict[str, Any]:
    user = user_obj(context.get("user"))
    sysadmin = bool(user and user.sysadmin)
    if not entries:
        # Not an entry: CKAN's own rule, sysadmins passing first as usual.
        return {"success": True} if sysadmin else next_auth(context, data_dict)
    for pkg in entries:
        edition = rules.edition_of(pkg)
        if edition is not None and rules.results_published(edition):
            return _ok(False, tk._("The results of this edition are published: its entries can "
                                   "no longer change (organisers correct a result from the dashboard)"))
    return _ok(sysadmin, tk._("Contest entries change only through the contest pages"))


def _entry_of_resource(data_dict: dict[str, Any]) -> Any:
    ref = (data_dict or {}).get("id")
    resource = model.Resource.get(ref) if lookup_key(ref) else None
    return rules.get_entry_package(resource.package_id) if resource is not None else None


def _entry_of_new_resource(data_dict: dict[str, Any]) -> Any:
    ref = (data_dict or {}).get("package_id")
    return rules.get_entry_package(ref)


# auth_sysadmins_check: CKAN would let sysadmins through before asking, and
# a published ranking must not change for them either.
@tk.chained_auth_function
@tk.auth_sysadmins_check
def package_update(next_auth: Any, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _core_write(_entry_of_core_call(data_dict), context, next_auth, data_dict)


@tk.chained_auth_function
@tk.auth_sysadmins_check
def package_patch(next_auth: Any, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _core_write(_entry_of_core_call(data_dict), context, next_auth, data_dict)


@tk.chained_auth_function
@tk.auth_sysadmins_check
def package_delete(next_auth: Any, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _core_write(_entry_of_core_call(data_dict), context, next_auth, data_dict)


@tk.chained_auth_function
@tk.auth_sysadmins_check
def resource_create(next_auth: Any, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _core_write(_entry_of_new_resource(data_dict), context, next_auth, data_dict)


@tk.chained_auth_function
@tk.auth_sysadmins_check
def resource_update(next_auth: Any, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _core_write(_entry_of_resource(data_dict), context, next_auth, data_dict)


@tk.chained_auth_function
@tk.auth_sysadmins_check
def resource_patch(next_auth: Any, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _core_write(_entry_of_resource(data_dict), context, next_auth, data_dict)


@tk.chained_auth_function
@tk.auth_sysadmins_check
def resource_delete(next_auth: Any, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _core_write(_entry_of_resource(data_dict), context, next_auth, data_dict)


@tk.chained_auth_function
@tk.auth_sysadmins_check
def dataset_purge(next_auth: Any, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _core_write(_entry_to_purge(data_dict), context, next_auth, data_dict)


@tk.chained_auth_function
@tk.auth_sysadmins_check
def package_owner_org_update(next_auth: Any, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _core_write(_entry_of_core_call(data_dict), context, next_auth, data_dict)


# An organisation's editors may bulk-update its datasets without any
# package_update check on CKAN 2.11: the entries among them are refused here.
@tk.chained_auth_function
@tk.auth_sysadmins_check
def bulk_update_private(next_auth: Any, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _core_write_of_all(_entries_of_bulk_call(data_dict), context, next_auth, data_dict)


@tk.chained_auth_function
@tk.auth_sysadmins_check
def bulk_update_public(next_auth: Any, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _core_write_of_all(_entries_of_bulk_call(data_dict), context, next_auth, data_dict)


@tk.chained_auth_function
@tk.auth_sysadmins_check
def bulk_update_delete(next_auth: Any, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _core_write_of_all(_entries_of_bulk_call(data_dict), context, next_auth, data_dict)
