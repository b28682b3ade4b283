"""Innovation-contest actions on editions and their organisers and judges.

Each action checks access first, validates, then acts.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.thainguyen.contest import rules, schema
from ckanext.thainguyen.contest.action.common import edition_or_404, iso
from ckanext.thainguyen.contest.editions import update_conflicts
from ckanext.thainguyen.contest.model import ContestEdition, ContestEntry, ContestRole, ContestScore
from ckanext.thainguyen.core.validators import validate_or_raise

__all__ = [
    "thainguyen_contest_edition_create", "thainguyen_contest_edition_update",
    "thainguyen_contest_edition_show", "thainguyen_contest_edition_list",
    "thainguyen_organiser_assign", "thainguyen_judge_assign",
]

_EDITION_FIELDS = [
    "name", "title", "year", "theme", "rules", "categories", "criteria", "prizes",
    "submission_opens", "submission_closes", "judging_opens", "judging_closes",
]


def _validated_edition(data_dict: dict[str, Any], context: Any) -> dict[str, Any]:
    data = validate_or_raise(data_dict, schema.edition_schema(), context)
    errors = schema.edition_consistency_errors(data)
    if errors:
        raise tk.ValidationError(errors)
    return data


def edition_dict(edition: ContestEdition) -> dict[str, Any]:
    out = {f: getattr(edition, f) for f in _EDITION_FIELDS}
    for f in ("submission_opens", "submission_closes", "judging_opens", "judging_closes"):
        out[f] = iso(out[f])
    out["id"] = edition.id
    out["results_published"] = iso(edition.results_published)
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
    edition = edition_or_404(data_dict.get("id"))
    merged = dict(edition_dict(edition), **{k: v for k, v in data_dict.items() if k != "id"})
    data = _validated_edition(merged, context)
    _check_name_free(data["name"], edition.id)
    errors = update_conflicts(edition, data)
    if errors:
        raise tk.ValidationError(errors)
    _store_edition(edition, data)
    model.Session.commit()
    return edition_dict(edition)


@tk.side_effect_free
def thainguyen_contest_edition_show(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_contest_edition_show", context, data_dict)
    edition = edition_or_404(data_dict.get("id"))
    out = edition_dict(edition)
    if rules.is_organiser(context.get("user"), edition):
        out["organisers"] = _user_names(rules.role_user_ids(edition, rules.ORGANISER))
        out["judges"] = _user_names(rules.role_user_ids(edition, rules.JUDGE))
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
    data = validate_or_raise(data_dict, schema.role_assign_schema(), context)
    edition = edition_or_404(data["id"])
    user = model.User.get(data["user"])
    row = model.Session.query(ContestRole).get((edition.id, user.id, role))
    if data["remove"]:
        if role == rules.JUDGE and model.Session.query(ContestScore).join(
                ContestEntry, ContestEntry.package_id == ContestScore.package_id).filter(
                ContestEntry.edition_id == edition.id, ContestScore.judge_id == user.id).count():
            raise tk.ValidationError({"user": [tk._("This judge has already scored entries")]})
        if row is not None:
            model.Session.delete(row)
    elif row is None:
        model.Session.add(ContestRole(edition_id=edition.id, user_id=user.id, role=role))
    model.Session.commit()
    return {"edition": edition.name, "role": role,
            "users": _user_names(rules.role_user_ids(edition, role))}


def thainguyen_organiser_assign(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_organiser_assign", context, data_dict)
    return _assign(rules.ORGANISER, context, data_dict)


def thainguyen_judge_assign(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_judge_assign", context, data_dict)
    return _assign(rules.JUDGE, context, data_dict)
