"""Innovation-contest actions: editions, roles, entries and their workflow
(judging, results and statistics are in ``contest_judging``).

Each action checks access first, validates, then acts; an illegal workflow
step raises a ValidationError on ``status`` and changes nothing.
"""
from __future__ import annotations

import uuid
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import munge, search
from ckan.lib.navl.dictization_functions import validate

from ckanext.thainguyen import contest, contest_activity, contest_editions, contest_schema
from ckanext.thainguyen.model.contest import (
    ContestEdition, ContestEntry, ContestRole, ContestScore,
)

__all__ = [
    "thainguyen_contest_edition_create", "thainguyen_contest_edition_update",
    "thainguyen_contest_edition_show", "thainguyen_contest_edition_list",
    "thainguyen_organiser_assign", "thainguyen_judge_assign",
    "thainguyen_entry_create", "thainguyen_entry_update", "thainguyen_entry_attach",
    "thainguyen_entry_submit", "thainguyen_entry_withdraw",
    "thainguyen_entry_set_status", "thainguyen_entry_award",
]

_EDITION_FIELDS = [
    "name", "title", "year", "theme", "rules", "categories", "criteria", "prizes",
    "submission_opens", "submission_closes", "judging_opens", "judging_closes",
]
# Fields an entrant never sets: ownership and visibility follow the workflow.
_ENTRY_PROTECTED = {"id", "owner_org", "private", "state", "type", "resources",
                    "creator_user_id", "contest_status", "contest_prize"}


def _validated(data_dict: dict[str, Any], schema: dict[str, Any], context: Any) -> dict[str, Any]:
    data, errors = validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data


def _validated_edition(data_dict: dict[str, Any], context: Any) -> dict[str, Any]:
    data = _validated(data_dict, contest_schema.edition_schema(), context)
    errors = contest_schema.edition_consistency_errors(data)
    if errors:
        raise tk.ValidationError(errors)
    return data


def _edition_or_404(id_or_name: Any) -> ContestEdition:
    edition = contest.get_edition(id_or_name)
    if edition is None:
        raise tk.ObjectNotFound(tk._("Contest edition not found"))
    return edition


def _entry_or_404(id_or_name: Any) -> tuple[model.Package, ContestEntry]:
    pkg = contest.get_entry_package(id_or_name)
    state = contest.get_entry_state(pkg.id) if pkg else None
    if pkg is None or state is None:
        raise tk.ObjectNotFound(tk._("Contest entry not found"))
    return pkg, state


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def edition_dict(edition: ContestEdition) -> dict[str, Any]:
    out = {f: getattr(edition, f) for f in _EDITION_FIELDS}
    for f in ("submission_opens", "submission_closes", "judging_opens", "judging_closes"):
        out[f] = _iso(out[f])
    out["id"] = edition.id
    out["results_published"] = _iso(edition.results_published)
    return out


def _store_edition(edition: ContestEdition, data: dict[str, Any]) -> None:
    for field in _EDITION_FIELDS:
        if field in data:
            setattr(edition, field, data[field])
    edition.theme = edition.theme or ""
    edition.rules = edition.rules or ""


def _check_name_free(name: str, edition_id: Any = None) -> None:
    other = model.Session.query(ContestEdition).filter_by(name=name).first()
    if other is not None and other.id != edition_id:
        raise tk.ValidationError({"name": [tk._("That URL is already in use.")]})


# ------------------------------------------------------------------ editions
def thainguyen_contest_edition_create(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_contest_edition_create", context, data_dict)
    data = _validated_edition(data_dict, context)
    _check_name_free(data["name"])
    edition = ContestEdition()
    _store_edition(edition, data)
    model.Session.add(edition)
    model.Session.commit()
    return edition_dict(edition)


def thainguyen_contest_edition_update(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_contest_edition_update", context, data_dict)
    edition = _edition_or_404(data_dict.get("id"))
    merged = dict(edition_dict(edition), **{k: v for k, v in data_dict.items() if k != "id"})
    data = _validated_edition(merged, context)
    _check_name_free(data["name"], edition.id)
    errors = contest_editions.update_conflicts(edition, data)
    if errors:
        raise tk.ValidationError(errors)
    _store_edition(edition, data)
    model.Session.commit()
    return edition_dict(edition)


@tk.side_effect_free
def thainguyen_contest_edition_show(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_contest_edition_show", context, data_dict)
    edition = _edition_or_404(data_dict.get("id"))
    out = edition_dict(edition)
    if contest.is_organiser(context.get("user"), edition):
        out["organisers"] = _user_names(contest.role_user_ids(edition, contest.ORGANISER))
        out["judges"] = _user_names(contest.role_user_ids(edition, contest.JUDGE))
    return out


@tk.side_effect_free
def thainguyen_contest_edition_list(context: Any, data_dict: dict[str, Any]) -> list[dict[str, Any]]:
    tk.check_access("thainguyen_contest_edition_list", context, data_dict)
    editions = model.Session.query(ContestEdition).order_by(
        ContestEdition.year.desc(), ContestEdition.name)
    return [edition_dict(e) for e in editions]


def _user_names(user_ids: list[str]) -> list[str]:
    return [u.name for u in (model.User.get(i) for i in user_ids) if u]


def _assign(role: str, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    data = _validated(data_dict, contest_schema.role_assign_schema(), context)
    edition = _edition_or_404(data["id"])
    user = model.User.get(data["user"])
    row = model.Session.query(ContestRole).get((edition.id, user.id, role))
    if data["remove"]:
        if role == contest.JUDGE and model.Session.query(ContestScore).join(
                ContestEntry, ContestEntry.package_id == ContestScore.package_id).filter(
                ContestEntry.edition_id == edition.id, ContestScore.judge_id == user.id).count():
            raise tk.ValidationError({"user": [tk._("This judge has already scored entries")]})
        if row is not None:
            model.Session.delete(row)
    elif row is None:
        model.Session.add(ContestRole(edition_id=edition.id, user_id=user.id, role=role))
    model.Session.commit()
    return {"edition": edition.name, "role": role,
            "users": _user_names(contest.role_user_ids(edition, role))}


def thainguyen_organiser_assign(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_organiser_assign", context, data_dict)
    return _assign(contest.ORGANISER, context, data_dict)


def thainguyen_judge_assign(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_judge_assign", context, data_dict)
    return _assign(contest.JUDGE, context, data_dict)


# ------------------------------------------------------------------ entries
def _as_entrant(context: Any) -> dict[str, Any]:
    # package_create/update would refuse a citizen outside the contest
    # organisation; access was decided by this action's own auth function.
    return {"user": context["user"], "ignore_auth": True}


def thainguyen_entry_create(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_entry_create", context, data_dict)
    org = contest.contest_organization()
    if org is None:
        raise tk.ValidationError({"owner_org": [tk._("The contest organisation is not configured")]})
    edition = contest.get_edition(data_dict.get("contest_edition"))
    if edition is not None and contest.utcnow() > edition.submission_closes:
        raise tk.ValidationError({"contest_edition": [tk._("Submissions to this edition have closed")]})
    data = {k: v for k, v in data_dict.items() if k not in _ENTRY_PROTECTED}
    data.update(type=contest.ENTRY_TYPE, owner_org=org.id, private=True)
    if not data.get("name"):
        # Entrants never choose URLs; a suffix keeps equal titles apart.
        data["name"] = "{}-{}".format(
            munge.munge_title_to_name(str(data.get("title") or "bai-du-thi"))[:80],
            uuid.uuid4().hex[:6])
    pkg_dict = tk.get_action("package_create")(_as_entrant(context), data)
    # package_create validated contest_edition, so the edition exists now.
    edition = contest.get_edition(pkg_dict["contest_edition"])
    model.Session.add(ContestEntry(package_id=pkg_dict["id"], edition_id=edition.id,
                                   status=contest.DRAFT))
    model.Session.commit()
    search.rebuild(pkg_dict["id"])
    return tk.get_action("package_show")({"user": context["user"]}, {"id": pkg_dict["id"]})


def thainguyen_entry_update(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_entry_update", context, data_dict)
    pkg, state = _entry_or_404(data_dict.get("id"))
    current = tk.get_action("package_show")({"user": context["user"]}, {"id": pkg.id})
    if current["contest_edition"] != data_dict.get("contest_edition", current["contest_edition"]):
        raise tk.ValidationError({"contest_edition": [tk._("An entry cannot move to another edition")]})
    current.update({k: v for k, v in data_dict.items() if k not in _ENTRY_PROTECTED})
    current.pop("contest_status", None)
    current.pop("contest_prize", None)
    tk.get_action("package_update")(_as_entrant(context), current)
    return tk.get_action("package_show")({"user": context["user"]}, {"id": pkg.id})


def thainguyen_entry_attach(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """Add an attachment (a link or an uploaded file) to an entry."""
    tk.check_access("thainguyen_entry_attach", context, data_dict)
    pkg, state = _entry_or_404(data_dict.get("id"))
    resource = {k: v for k, v in data_dict.items()
                if k in ("name", "description", "url", "upload", "format")}
    if not resource.get("url") and not resource.get("upload"):
        raise tk.ValidationError({"url": [tk._("Give a link or choose a file")]})
    resource["package_id"] = pkg.id
    return tk.get_action("resource_create")(_as_entrant(context), resource)


def _move(context: Any, pkg: model.Package, state: ContestEntry, status: str) -> dict[str, Any]:
    old_status = state.status
    state.status = status
    state.status_changed = contest.utcnow()
    if status == contest.SUBMITTED:
        state.submitted = state.status_changed
    contest_activity.record_status_change(context, pkg, old_status, status, state.prize)
    model.Session.commit()
    search.rebuild(pkg.id)  # labels depend on the status
    return _entry_state_dict(pkg, state)


def _entry_state_dict(pkg: model.Package, state: ContestEntry) -> dict[str, Any]:
    return {"id": pkg.id, "name": pkg.name, "status": state.status, "prize": state.prize,
            "submitted": _iso(state.submitted), "status_changed": _iso(state.status_changed)}


def _refuse(msg: str) -> None:
    raise tk.ValidationError({"status": [msg]})


def thainguyen_entry_submit(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_entry_submit", context, data_dict)
    data = _validated(data_dict, contest_schema.entry_ref_schema(), context)
    pkg, state = _entry_or_404(data["id"])
    edition = model.Session.query(ContestEdition).get(state.edition_id)
    if state.status != contest.DRAFT:
        _refuse(tk._("Only a draft can be submitted (this entry is: %s)") % contest.status_label(state.status))
    now = contest.utcnow()
    if not edition.submission_opens <= now <= edition.submission_closes:
        _refuse(tk._("Entries are accepted from %(opens)s to %(closes)s (UTC)") % {
            "opens": edition.submission_opens.strftime("%Y-%m-%d %H:%M"),
            "closes": edition.submission_closes.strftime("%Y-%m-%d %H:%M")})
    return _move(context, pkg, state, contest.SUBMITTED)


def thainguyen_entry_withdraw(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_entry_withdraw", context, data_dict)
    data = _validated(data_dict, contest_schema.entry_ref_schema(), context)
    pkg, state = _entry_or_404(data["id"])
    edition = model.Session.query(ContestEdition).get(state.edition_id)
    if state.status not in contest.WITHDRAWABLE:
        _refuse(tk._("This entry can no longer be withdrawn (it is: %s)") % contest.status_label(state.status))
    if contest.utcnow() > edition.judging_closes or contest.results_published(edition):
        _refuse(tk._("Entries cannot be withdrawn after judging has ended"))
    return _move(context, pkg, state, contest.WITHDRAWN)


def thainguyen_entry_set_status(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_entry_set_status", context, data_dict)
    data = _validated(data_dict, contest_schema.entry_set_status_schema(), context)
    pkg, state = _entry_or_404(data["id"])
    edition = model.Session.query(ContestEdition).get(state.edition_id)
    if contest.results_published(edition):
        _refuse(tk._("The results of this edition are published"))
    if data["status"] not in contest.ORGANISER_TRANSITIONS.get(state.status, set()):
        _refuse(tk._("An entry cannot go from %(from)s to %(to)s") % {
            "from": contest.status_label(state.status), "to": contest.status_label(data["status"])})
    return _move(context, pkg, state, data["status"])


def thainguyen_entry_award(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_entry_award", context, data_dict)
    data = _validated(data_dict, contest_schema.entry_award_schema(), context)
    pkg, state = _entry_or_404(data["id"])
    edition = model.Session.query(ContestEdition).get(state.edition_id)
    if contest.results_published(edition):
        _refuse(tk._("The results of this edition are published"))
    if state.status not in (contest.SHORTLISTED, contest.AWARDED):
        _refuse(tk._("Only a shortlisted entry can be awarded"))
    limit = {p["level"]: p["count"] for p in edition.prizes}.get(data["prize"], 0)
    taken = model.Session.query(ContestEntry).filter(
        ContestEntry.edition_id == edition.id, ContestEntry.prize == data["prize"],
        ContestEntry.package_id != pkg.id).count()
    if taken >= limit:
        raise tk.ValidationError({"prize": [
            tk._("This edition has %(limit)s %(prize)s, all already awarded") % {
                "limit": limit, "prize": contest.prize_label(data["prize"])}]})
    state.prize = data["prize"]
    return _move(context, pkg, state, contest.AWARDED)
