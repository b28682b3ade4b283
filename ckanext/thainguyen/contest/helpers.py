"""Template helpers of the innovation contest (registered by ``ThainguyenContestPlugin``)."""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.contest import rules
from ckanext.thainguyen.core import text
from ckanext.thainguyen.core.users import view_context

__all__ = [
    "thainguyen_contest_status_label",
    "thainguyen_contest_prize_label",
    "thainguyen_contest_choice_label",
    "thainguyen_contest_choices",
    "thainguyen_contest_category_choices",
    "thainguyen_contest_headline",
]


def thainguyen_contest_status_label(status: str) -> str:
    return rules.status_label(status)


def thainguyen_contest_prize_label(level: Optional[str]) -> str:
    return rules.prize_label(level)


def thainguyen_contest_choice_label(field_name: str, value: Any) -> Any:
    """Label of a select field of the innovation-entry schema, in the UI language."""
    return text.choice_label(rules.ENTRY_TYPE, field_name, value)


def thainguyen_contest_choices(field_name: str) -> list[dict[str, str]]:
    """Options of a select field of the innovation-entry schema (``text.option``)."""
    return text.schema_choices(rules.ENTRY_TYPE, field_name)


def thainguyen_contest_category_choices(edition: dict[str, Any]) -> list[dict[str, str]]:
    """The categories of an edition as the options of a select."""
    return [text.option(c["name"], c["label"]) for c in (edition or {}).get("categories") or []]


def thainguyen_contest_headline(count: int = 3) -> dict[str, Any]:
    """The latest edition and the entries in competition the current user
    may see (their number and the last updated), for the home page: drafts
    and withdrawn entries, even one's own, are not part of the contest."""
    editions = tk.get_action("thainguyen_contest_edition_list")(view_context(), {})
    found = tk.get_action("package_search")(view_context(), {
        "fq": f"+dataset_type:{rules.ENTRY_TYPE} -contest_status:({rules.DRAFT} OR {rules.WITHDRAWN})",
        "sort": "metadata_modified desc",
        "rows": count})
    return {"edition": editions[0] if editions else None, "edition_count": len(editions),
            "entry_count": found["count"], "entries": found["results"]}
