"""What CKAN's dataset hooks and permission labels do for innovation entries.

The ``thainguyen`` plugin calls these through ``record_type`` and
``user_label_query``, which ``ThainguyenContestPlugin`` declares.

What is hidden is declared in schemas/innovation_entry.yaml and taken out
of every copy by ``core.records``: the team's e-mails and phones (personal:
the entrant, the organisers, sysadmins) and the outcome, ``contest_status``
awarded/not awarded and ``contest_prize`` (embargoed: organisers and
sysadmins until the edition's results are published). Here: the derived
fields themselves, and who may see what.
"""
from __future__ import annotations

import json
from typing import Any, Optional

import ckan.model as model
import sqlalchemy as sa

from ckanext.thainguyen.contest import rules
from ckanext.thainguyen.contest.model import ContestEdition, ContestRole
from ckanext.thainguyen.core import records


# ------------------------------------------------------------------ shown fields
def add_workflow_state(pkg_dict: dict[str, Any]) -> None:
    state = rules.get_entry_state(pkg_dict["id"]) if pkg_dict.get("id") else None
    if state is not None:
        pkg_dict["contest_status"] = state.status
        pkg_dict["contest_prize"] = state.prize


def after_show(context: Any, pkg_dict: dict[str, Any]) -> None:
    add_workflow_state(pkg_dict)


def after_search_result(context: Any, result: dict[str, Any]) -> None:
    # The index holds the outcome only once published: the real state is
    # read for whole results (the redaction that follows keeps it for those
    # who may see it).
    if "resources" in result:
        add_workflow_state(result)


def before_index(pkg_dict: dict[str, Any]) -> None:
    # core.records has taken the hidden fields out. Solr would take a list
    # of dicts for child documents: index the team as one string field.
    if isinstance(pkg_dict.get("team"), list):
        pkg_dict["team"] = json.dumps(pkg_dict["team"], ensure_ascii=False)
    # CKAN 2.12 also indexes the raw extra as extras_team, which Solr copies
    # into the full-text field; 2.11 never did: keep both alike.
    pkg_dict.pop("extras_team", None)


# ------------------------------------------------------------------ who may see
def may_see_personal(user: Any, pkg: model.Package) -> bool:
    return rules.may_see_personal_data(user, pkg)


def may_see_embargoed(user: Any, pkg: model.Package) -> bool:
    return rules.is_organiser(user, rules.edition_of(pkg))


def embargo_lifted(pkg: model.Package) -> bool:
    edition = rules.edition_of(pkg)
    return edition is not None and rules.results_published(edition)


# ------------------------------------------------------------------ labels
def entry_labels(pkg: model.Package) -> Optional[list[str]]:
    state = rules.get_entry_state(pkg.id)
    if state is None:
        return None
    labels = [f"creator-{pkg.creator_user_id}", f"thainguyen-organiser-{state.edition_id}"]
    if pkg.owner_org:
        labels.append(f"member-{pkg.owner_org}")
    if state.status in rules.IN_COMPETITION:
        labels.append(f"thainguyen-judge-{state.edition_id}")
    edition = model.Session.query(ContestEdition).get(state.edition_id)
    if (state.status == rules.AWARDED and edition is not None and rules.results_published(edition)
            and pkg.state == "active"):
        labels.append("public")
    return labels


def user_label_query(user: Any) -> Any:
    """``thainguyen-<role>-<edition id>`` per contest role of ``user``
    (``core.permissions.AskingUser``)."""
    label = sa.func.concat("thainguyen-", ContestRole.role, "-", ContestRole.edition_id)
    return sa.select(label.label("label")).where(ContestRole.user_id == user.id)


record_type = records.RecordType(
    dataset_type=rules.ENTRY_TYPE,
    dataset_labels=entry_labels,
    after_show=after_show,
    after_search_result=after_search_result,
    before_index=before_index,
    add_derived_fields=add_workflow_state,
    may_see_personal=may_see_personal,
    may_see_embargoed=may_see_embargoed,
    embargo_lifted=embargo_lifted,
)
