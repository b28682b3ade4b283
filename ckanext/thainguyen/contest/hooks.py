"""What CKAN's dataset hooks and permission labels do for innovation entries.

The ``thainguyen`` plugin calls these through ``record_type`` and
``user_label_query``, which ``ThainguyenContestPlugin`` declares.

The team's emails and phones reach only the entrant, the organisers and
sysadmins: every other path (package_show, search results, the Solr index)
is redacted here, and activities by ``contest.activity``.
"""
from __future__ import annotations

import json
from typing import Any, Optional

import ckan.model as model
import sqlalchemy as sa

from ckanext.thainguyen.contest import rules
from ckanext.thainguyen.contest.model import ContestEdition, ContestRole
from ckanext.thainguyen.core import records


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
        return [{k: v for k, v in m.items() if k not in rules.PERSONAL_FIELDS}
                if isinstance(m, dict) else m for m in team]
    return team


def redact_team(pkg_dict: dict[str, Any]) -> None:
    if "team" in pkg_dict:
        pkg_dict["team"] = _without_personal_data(pkg_dict["team"])
    # Under the default schema the team is still the raw "team" extra.
    for extra in pkg_dict.get("extras") or []:
        if isinstance(extra, dict) and extra.get("key") == "team":
            extra["value"] = _without_personal_data(extra.get("value"))


def after_show(context: Any, pkg_dict: dict[str, Any]) -> None:
    pkg = model.Package.get(pkg_dict.get("id"))
    # Decided on who asks, never on ignore_auth: ckanext-activity stores a
    # package_show made with ignore_auth and no user, which must be redacted.
    user = (context or {}).get("user")
    if not rules.may_see_personal_data(user, pkg):
        redact_team(pkg_dict)
    elif pkg is not None and "team" in pkg_dict:
        # package_show may serve the Solr copy, which has no personal data.
        pkg_dict["team"] = rules.stored_team(pkg)
    state = rules.get_entry_state(pkg_dict["id"]) if pkg_dict.get("id") else None
    if state is not None:
        pkg_dict["contest_status"] = state.status
        pkg_dict["contest_prize"] = state.prize


def after_search_result(context: Any, result: dict[str, Any]) -> None:
    # The indexed copy has no personal data already; this guards older indexes.
    redact_team(result)


def before_index(pkg_dict: dict[str, Any]) -> None:
    # CKAN serialises its two stored copies of the dataset before this hook:
    # validated_data_dict (custom schema, team as a list) and data_dict (on
    # 2.12 the default schema, the team still a raw JSON extra; on 2.11 it
    # also embeds validated_data_dict).
    validated = records.loads_validated(pkg_dict)
    if validated is not None:
        redact_team(validated)
        records.dumps_validated(pkg_dict, validated)
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
        if key.startswith("team") and any(f in key for f in rules.PERSONAL_FIELDS):
            del pkg_dict[key]


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
)
