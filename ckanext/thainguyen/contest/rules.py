"""Innovation-contest entries (Đổi mới sáng tạo – vì Thái Nguyên thân yêu).

Domain rules shared by the actions, auth functions, views and hooks:
who organises or judges an edition, what each workflow status allows, and
who may see the team's personal data.
"""
from __future__ import annotations

import json
from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan import authz

from ckanext.thainguyen.contest.model import ContestEdition, ContestEntry, ContestRole
from ckanext.thainguyen.core.users import user_obj

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
def get_edition(id_or_name: Any) -> Optional[ContestEdition]:
    if not isinstance(id_or_name, str) or not id_or_name:
        return None
    q = model.Session.query(ContestEdition)
    return q.filter(ContestEdition.id == id_or_name).first() or q.filter(
        ContestEdition.name == id_or_name).first()


def get_entry_state(package_id: str) -> Optional[ContestEntry]:
    return model.Session.query(ContestEntry).get(package_id)


def get_entry_package(id_or_name: Any) -> Optional[model.Package]:
    # Raw request values reach here from auth functions: only text is an id.
    pkg = model.Package.get(id_or_name) if isinstance(id_or_name, str) and id_or_name else None
    if pkg is None or pkg.type != ENTRY_TYPE or pkg.state == "deleted":
        return None
    return pkg


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
    """Sysadmins, the edition's organisers, and admins of the contest organisation.

    Not its editors: an organiser sees the entrants' e-mails and phones.
    """
    obj = user_obj(user)
    if obj is None:
        return False
    if obj.sysadmin:
        return True
    if edition is not None and has_role(obj, edition, ORGANISER):
        return True
    org = contest_organization()
    return bool(org and authz.users_role_for_group_or_org(org.id, obj.name) == "admin")


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


def stored_team(pkg: model.Package) -> list[dict[str, Any]]:
    try:
        team = json.loads((pkg.extras or {}).get("team") or "[]")
    except ValueError:
        return []
    return [m for m in team if isinstance(m, dict)] if isinstance(team, list) else []


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
