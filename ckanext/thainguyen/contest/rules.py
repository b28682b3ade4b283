"""Innovation-contest entries (Đổi mới sáng tạo – vì Thái Nguyên thân yêu).

Domain rules shared by the actions, auth functions, views and hooks:
who organises or judges an edition, what each workflow status allows, and
who may see the team's personal data.
"""
from __future__ import annotations

import json
import unicodedata
from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import authz

from ckanext.thainguyen.contest.model import ContestEdition, ContestEntry, ContestRole
from ckanext.thainguyen.core import dates
from ckanext.thainguyen.core.users import user_obj
from ckanext.thainguyen.core.storable import lookup_key

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


# ------------------------------------------------------------------ submission window
NOT_YET_OPEN = "not_yet_open"
OPEN = "open"
CLOSED = "closed"


def submission_window(edition: Any) -> str:
    """Whether ``edition`` (a ContestEdition or an edition dict of the API)
    takes entries now: ``NOT_YET_OPEN``, ``OPEN`` or ``CLOSED``."""
    def moment(field: str) -> Any:
        value = edition[field] if isinstance(edition, dict) else getattr(edition, field)
        return dates.parse_moment(value, end_of_day=False)
    now = dates.utcnow()
    if now < moment("submission_opens"):
        return NOT_YET_OPEN
    return OPEN if now <= moment("submission_closes") else CLOSED


def submission_notice(edition: Any) -> Optional[str]:
    """What a would-be entrant is told before starting, None while the edition
    takes entries; times in the display time zone."""
    window = submission_window(edition)
    field = {NOT_YET_OPEN: "submission_opens", CLOSED: "submission_closes"}.get(window)
    if field is None:
        return None
    value = edition[field] if isinstance(edition, dict) else getattr(edition, field)
    when = dates.local_text(value)
    if window == CLOSED:
        return tk._("Submissions closed on %s") % when
    return tk._("Submissions open on %s") % when


# ------------------------------------------------------------------ lookups
def get_edition(id_or_name: Any) -> Optional[ContestEdition]:
    if not lookup_key(id_or_name):
        return None
    q = model.Session.query(ContestEdition)
    return q.filter(ContestEdition.id == id_or_name).first() or q.filter(
        ContestEdition.name == id_or_name).first()


def get_entry_state(package_id: str) -> Optional[ContestEntry]:
    return model.Session.query(ContestEntry).get(package_id)


def get_entry_package(id_or_name: Any, include_deleted: bool = False) -> Optional[model.Package]:
    # Raw request values reach here from auth functions: only text is an id.
    pkg = model.Package.get(id_or_name) if lookup_key(id_or_name) else None
    if pkg is None or pkg.type != ENTRY_TYPE or (pkg.state == "deleted" and not include_deleted):
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
# Legal forms that do not tell two organisations apart, as ``same_organisation``
# spells words (no diacritics, lower case), longest first.
ORGANISATION_AFFIXES = {
    "leading": [("cong", "ty", "trach", "nhiem", "huu", "han"), ("cong", "ty", "co", "phan"),
                ("cong", "ty", "tnhh"), ("cong", "ty", "cp"), ("cong", "ty")],
    "trailing": [("joint", "stock", "company"), ("company", "limited"), ("co", "ltd"),
                 ("corporation",), ("company",), ("group",), ("corp",), ("ltd",), ("llc",),
                 ("plc",), ("inc",), ("jsc",), ("tnhh",), ("co",)],
}


def same_organisation(a: Any, b: Any) -> bool:
    """Whether two organisation names, as people type them, name one organisation.

    Why not a plain comparison: entrants type their organisation freely, and
    "Đại học  Thái Nguyên", "Dai hoc Thai Nguyen", its NFD spelling, "Đại học
    Thái Nguyên (TNU)" or one with a zero-width space are all the judge's own
    university. So the names are compared as words: Unicode NFC, đ/Đ as d,
    case folded, NFKD with the combining marks dropped, invisible format
    characters (U+200B..U+200D, U+2060, U+FEFF, soft hyphen) dropped, and
    punctuation and every kind of white space as one word break. Two names are
    the same organisation when their letters are equal ignoring spaces, when
    they are equal once a legal form ("Công ty TNHH", "JSC", "Co., Ltd") is
    taken off, or when one is the other's first whole words ("HTX Chè" and
    "HTX Chè Tân Cương"). The rule errs towards a conflict on purpose: a judge
    can be replaced, a biased score cannot be taken back.
    """
    def words(name: Any) -> tuple[str, ...]:
        text = unicodedata.normalize("NFC", name if isinstance(name, str) else "")
        text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D").casefold())
        kept = []
        for ch in text:
            kind = unicodedata.category(ch)
            if ch.isspace() or kind[0] in "PSZ":
                kept.append(" ")
            elif kind[0] not in "MC":  # combining marks, format and control characters
                kept.append(ch)
        return tuple("".join(kept).split())

    def core(name: tuple[str, ...]) -> tuple[str, ...]:
        for affix in ORGANISATION_AFFIXES["leading"]:
            if name[:len(affix)] == affix and len(name) > len(affix):
                name = name[len(affix):]
                break
        for affix in ORGANISATION_AFFIXES["trailing"]:
            if name[-len(affix):] == affix and len(name) > len(affix):
                name = name[:-len(affix)]
                break
        return name

    first, second = words(a), words(b)
    if not first or not second:
        return False
    if "".join(first) == "".join(second):
        return True
    shorter, longer = sorted((core(first), core(second)), key=len)
    return longer[:len(shorter)] == shorter


def named_organisation(text: Any) -> Optional[model.Group]:
    """The CKAN organisation a team member's organisation names, if exactly one.

    By id or URL name, else by ``same_organisation`` with its title or name.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    orgs = model.Session.query(model.Group).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active")
    exact = orgs.filter(sa.or_(model.Group.id == text.strip(), model.Group.name == text.strip())).first()
    if exact is not None:
        return exact
    found = [org for org in orgs if same_organisation(text, org.title) or same_organisation(text, org.name)]
    return found[0] if len(found) == 1 else None


def with_organisation_ids(team: Any) -> Any:
    """The team with each member's ``organisation_id``: the CKAN organisation
    their organisation names (never what the caller sent), so that a conflict
    of interest is found by id even after the organisation is renamed."""
    if not isinstance(team, list):
        return team
    members = []
    for member in team:
        if isinstance(member, dict):
            member = {k: v for k, v in member.items() if k != "organisation_id"}
            org = named_organisation(member.get("organisation"))
            if org is not None:
                member["organisation_id"] = org.id
        members.append(member)
    return members


def judge_conflict(user: Any, pkg: model.Package) -> bool:
    """A judge may not score their own entry nor one of their organisation.

    Their organisation: any CKAN organisation they belong to, found by id
    where the team member's organisation was recorded as one, and by
    ``same_organisation`` with its id, name or title otherwise; a team member
    with the judge's email is the judge themself.
    """
    obj = user_obj(user)
    if obj is None:
        return True
    if pkg.creator_user_id == obj.id:
        return True
    team = stored_team(pkg)
    team_emails = {str(m.get("email") or "").strip().casefold() for m in team}
    if obj.email and obj.email.strip().casefold() in team_emails:
        return True
    orgs = obj.get_groups("organization")
    ids = {org.id for org in orgs}
    names = [name for org in orgs for name in (org.id, org.name, org.title) if name]
    for member in team:
        if member.get("organisation_id") in ids:
            return True
        if any(same_organisation(member.get("organisation"), name) for name in names):
            return True
    return False
