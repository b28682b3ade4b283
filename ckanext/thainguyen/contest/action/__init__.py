"""The innovation contest's actions (registered by ``ThainguyenContestPlugin``):
editions and roles (``edition``), entries and their workflow (``entry``),
judging and results (``judging``), and the activity stream (``activity``)."""
from __future__ import annotations

from ckanext.thainguyen.contest.action.activity import thainguyen_entry_status_history
from ckanext.thainguyen.contest.action.edition import (
    thainguyen_contest_edition_create, thainguyen_contest_edition_list,
    thainguyen_contest_edition_show, thainguyen_contest_edition_update,
    thainguyen_judge_assign, thainguyen_organiser_assign,
)
from ckanext.thainguyen.contest.action.entry import (
    thainguyen_entry_attach, thainguyen_entry_award, thainguyen_entry_create,
    thainguyen_entry_set_status, thainguyen_entry_submit, thainguyen_entry_update,
    thainguyen_entry_withdraw,
)
from ckanext.thainguyen.contest.action.judging import (
    thainguyen_contest_correct_result, thainguyen_contest_publish_results,
    thainguyen_contest_results, thainguyen_contest_stats, thainguyen_entry_score,
    thainguyen_judge_assignments,
)

__all__ = [
    "thainguyen_contest_edition_create", "thainguyen_contest_edition_update",
    "thainguyen_contest_edition_show", "thainguyen_contest_edition_list",
    "thainguyen_organiser_assign", "thainguyen_judge_assign",
    "thainguyen_entry_create", "thainguyen_entry_update", "thainguyen_entry_attach",
    "thainguyen_entry_submit", "thainguyen_entry_withdraw",
    "thainguyen_entry_set_status", "thainguyen_entry_award",
    "thainguyen_entry_score", "thainguyen_judge_assignments", "thainguyen_contest_results",
    "thainguyen_contest_publish_results", "thainguyen_contest_stats",
    "thainguyen_entry_status_history", "thainguyen_contest_correct_result",
]
