"""Innovation-contest entries (Đổi mới sáng tạo – vì Thái Nguyên thân yêu).

Domain rules shared by the actions, auth functions, views and hooks:
who organises or judges an edition, what each workflow status allows, who
may see the team's personal data, and the permission labels of an entry.
Importing this module registers its hooks and permission labellers.
"""
from __future__ import annotations

import datetime
import json
from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import authz

from ckanext.thainguyen import hooks, permissions
from ckanext.thainguyen.model.contest import (
    ContestEdition, ContestEntry, ContestRole,
)

ENTRY_TYPE = "innovation-entry"

DRAFT = "draft"
SUBMITTED = "submitted"
UNDER_REVIEW = "under_review"
SHORTLISTED = "shortlisted"
AWARDED = "awarded"
NOT_AWARDED = "not_awarded"
WITHDRAWN = "withdrawn"
STATUSES = [DRAFT, SUBMITTED, UNDER_REVIEW, SHORTLISTED, AWARDED, NOT_AWARDED, WITHDRAWN]

# Statuses an entry is in while it competes (judges see it, it is ranked).
IN_COMPETITION = {SUBMITTED, UNDER_REVIEW, SHORTLISTED, AWARDED, NOT_AWARDED}
SCORABLE = {SUBMITTED, UNDER_REVIEW, SHORTLISTED}
WITHDRAWABLE = {DRAFT, SUBMITTED, UNDER_REVIEW, SHORTLISTED}

# What an organiser may do with thainguyen_entry_set_status; awarding goes
# through thainguyen_entry_award (it needs a prize level and its limits).
ORGANISER_TRANSITIONS = {
    SUBMITTED: {UNDER_REVIEW, NOT_AWARDED},
    UNDER_REVIEW: {SHORTLISTED, NOT_AWARDED},
    SHORTLISTED: {UNDER_REVIEW, NOT_AWARDED},
}

PRIZE_LEVELS = ["first", "second", "third", "consolation"]

ORGANISER = "organiser"
JUDGE = "judge"

PERSONAL_FIELDS = ("email", "phone")


def utcnow() -> datetime.datetime:
    return datetime.datetime.utcnow()


def status_label(status: str) -> str:
    return {
        DRAFT: tk._("Draft"),
        SUBMITTED: tk._("Submitted"),
        UNDER_REVIEW: tk._("Under review"),
        SHORTLISTED: tk._("Shortlisted"),
        AWARDED: tk._("Awarded"),
        NOT_AWARDED: tk._("Not awarded"),
        WITHDRAWN: tk._("Withdrawn"),
    }.get(status, status)


def prize_label(level: Optional[str]) -> str:
    return {
        "first": tk._("First prize"),
        "second": tk._("Second prize"),
        "third": tk._("Third prize"),
        "consolation": tk._("Consolation prize"),
    }.get(level or "", level or "")


# ------------------------------------------------------------------ lookups
def get_edition(id_or_name: Optional[str]) -> Optional[ContestEdition]:
    if not id_or_name:
        return None
    q = model.Session.query(ContestEdition)
    return q.filter(ContestEdition.id == id_or_name).first() or q.filter(
        ContestEdition.name == id_or_name).first()


def get_entry_state(package_id: str) -> Optional[ContestEntry]:
    return model.Session.query(ContestEntry).get(package_id)


def get_entry_package(id_or_name: Optional[str]) -> Optional[model.Package]:
    pkg = model.Package.get(id_or_name) if id_or_name else None
    if pkg is None or pkg.type != ENTRY_TYPE or pkg.state == "deleted":
        return None
    return pkg


def user_obj(user: Any) -> Optional[model.User]:
    if isinstance(user, model.User):
        return user
    return model.User.get(user) if user else None


def has_role(user: Any, edition: ContestEdition, role: str) -> bool:
    obj = user_obj(user)
    if obj is None:
        return False
    return model.Session.query(ContestRole).filter_by(
        edition_id=edition.id, user_id=obj.id, role=role).count() > 0


def role_user_ids(edition: ContestEdition, role: str) -> list[str]:
    rows = model.Session.query(ContestRole.user_id).filter_by(
        edition_id=edition.id, role=role).order_by(ContestRole.created)
    return [r[0] for r in rows]


def contest_organization() -> Optional[model.Group]:
    name = tk.config.get("ckanext.thainguyen.contest_organization")
    return model.Group.get(name) if name else None


def is_organiser(user: Any, edition: Optional[ContestEdition]) -> bool:
    """Sysadmins, the edition's organisers, and editors of the contest org."""
    obj = user_obj(user)
    if obj is None:
        return False
    if obj.sysadmin:
        return True
    if edition is not None and has_role(obj, edition, ORGANISER):
        return True
    org = contest_organization()
    return bool(org and authz.has_user_permission_for_group_or_org(
        org.id, obj.name, "update_dataset"))


def is_judge(user: Any, edition: ContestEdition) -> bool:
    return has_role(user, edition, JUDGE)


def is_entrant(user: Any, pkg: model.Package) -> bool:
    obj = user_obj(user)
    return bool(obj and pkg.creator_user_id == obj.id)


def edition_of(pkg: model.Package) -> Optional[ContestEdition]:
    state = get_entry_state(pkg.id)
    return model.Session.query(ContestEdition).get(state.edition_id) if state else None


def may_see_personal_data(user: Any, pkg: Optional[model.Package]) -> bool:
    if pkg is None:
        return False
    return is_entrant(user, pkg) or is_organiser(user, edition_of(pkg))


def results_published(edition: ContestEdition) -> bool:
    return edition.results_published is not None


# ------------------------------------------------------------------ redaction
def _without_personal_data(team: Any) -> Any:
    """``team`` (its members, or their JSON as stored in the extra) redacted."""
    if isinstance(team, str):
        try:
            members = json.loads(team)
        except ValueError:
            return "[]"
        return json.dumps(_without_personal_data(members), ensure_ascii=False)
    if isinstance(team, list):
        return [{k: v for k, v in m.items() if k not in PERSONAL_FIELDS}
                if isinstance(m, dict) else m for m in team]
    return team


def redact_team(pkg_dict: dict[str, Any]) -> None:
    if "team" in pkg_dict:
        pkg_dict["team"] = _without_personal_data(pkg_dict["team"])
    # Under the default schema the team is still the raw "team" extra.
    for extra in pkg_dict.get("extras") or []:
        if isinstance(extra, dict) and extra.get("key") == "team":
            extra["value"] = _without_personal_data(extra.get("value"))


def stored_team(pkg: model.Package) -> list[dict[str, Any]]:
    try:
        team = json.loads((pkg.extras or {}).get("team") or "[]")
    except ValueError:
        return []
    return [m for m in team if isinstance(m, dict)] if isinstance(team, list) else []


@hooks.register("after_show", ENTRY_TYPE)
def _after_show(context: Any, pkg_dict: dict[str, Any]) -> None:
    pkg = model.Package.get(pkg_dict.get("id"))
    # Decided on who asks, never on ignore_auth: ckanext-activity stores a
    # package_show made with ignore_auth and no user, which must be redacted.
    user = (context or {}).get("user")
    if not may_see_personal_data(user, pkg):
        redact_team(pkg_dict)
    elif pkg is not None and "team" in pkg_dict:
        # package_show may serve the Solr copy, which has no personal data.
        pkg_dict["team"] = stored_team(pkg)
    state = get_entry_state(pkg_dict["id"]) if pkg_dict.get("id") else None
    if state is not None:
        pkg_dict["contest_status"] = state.status
        pkg_dict["contest_prize"] = state.prize


@hooks.register("after_search_result", ENTRY_TYPE)
def _after_search_result(context: Any, result: dict[str, Any]) -> None:
    # The indexed copy has no personal data already; this guards older indexes.
    redact_team(result)


@hooks.register("before_index", ENTRY_TYPE)
def _before_index(pkg_dict: dict[str, Any]) -> None:
    # CKAN serialises its two stored copies of the dataset before this hook:
    # validated_data_dict (custom schema, team as a list) and data_dict (on
    # 2.12 the default schema, the team still a raw JSON extra; on 2.11 it
    # also embeds validated_data_dict).
    validated = hooks.loads_validated(pkg_dict)
    if validated is not None:
        redact_team(validated)
        hooks.dumps_validated(pkg_dict, validated)
    if pkg_dict.get("data_dict"):
        stored = json.loads(pkg_dict["data_dict"])
        redact_team(stored)
        if "validated_data_dict" in stored:
            stored["validated_data_dict"] = pkg_dict.get("validated_data_dict")
        pkg_dict["data_dict"] = json.dumps(stored)
    # Solr would take a list of dicts for child documents: index the team
    # as one string field, without personal data.
    redact_team(pkg_dict)
    if isinstance(pkg_dict.get("team"), list):
        pkg_dict["team"] = json.dumps(pkg_dict["team"], ensure_ascii=False)
    # CKAN 2.12 also indexes the raw extra as extras_team, which Solr copies
    # into the full-text field; 2.11 never did, and a query such as
    # "an.nguyen" would find the entry by its members' names.
    pkg_dict.pop("extras_team", None)
    for key in list(pkg_dict):
        if key.startswith("team") and any(f in key for f in PERSONAL_FIELDS):
            del pkg_dict[key]


# ------------------------------------------------------------------ labels
def _entry_labels(pkg: model.Package) -> Optional[list[str]]:
    state = get_entry_state(pkg.id)
    if state is None:
        return None
    labels = [f"creator-{pkg.creator_user_id}", f"thainguyen-organiser-{state.edition_id}"]
    if pkg.owner_org:
        labels.append(f"member-{pkg.owner_org}")
    if state.status in IN_COMPETITION:
        labels.append(f"thainguyen-judge-{state.edition_id}")
    edition = model.Session.query(ContestEdition).get(state.edition_id)
    if (state.status == AWARDED and edition is not None and results_published(edition)
            and pkg.state == "active"):
        labels.append("public")
    return labels


def _user_label_query(user: Any) -> Any:
    """USER_LABEL_QUERY: ``thainguyen-<role>-<edition id>`` per contest role."""
    label = sa.func.concat("thainguyen-", ContestRole.role, "-", ContestRole.edition_id)
    return sa.select(label.label("label")).where(ContestRole.user_id == user.id)


permissions.DATASET_LABELLERS[ENTRY_TYPE] = _entry_labels
permissions.USER_LABEL_QUERIES.append(_user_label_query)


# ------------------------------------------------------------------ judging
def judge_conflict(user: Any, pkg: model.Package) -> bool:
    """A judge may not score their own entry nor one of their organisation.

    Their organisation: any CKAN organisation they belong to whose name or
    title is given as a team member's organisation; a team member with the
    judge's email is the judge themself.
    """
    obj = user_obj(user)
    if obj is None:
        return True
    if pkg.creator_user_id == obj.id:
        return True
    team = stored_team(pkg)
    team_orgs = {str(m.get("organisation") or "").strip().casefold() for m in team}
    team_orgs.discard("")
    team_emails = {str(m.get("email") or "").strip().casefold() for m in team}
    if obj.email and obj.email.strip().casefold() in team_emails:
        return True
    for org in obj.get_groups("organization"):
        if {org.name.casefold(), (org.title or "").strip().casefold()} & team_orgs:
            return True
    return False
