"""Who may call each innovation-contest action.

Roles: the entrant, another signed-in user, a judge of the edition, an
organiser of the edition, and anonymous. Each action's auth function is
checked through tk.check_access with the real users and records.
"""
from __future__ import annotations

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.contest.factories import (
    SUBMISSIONS_OPEN, as_user, make_entry,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

ROLES = ["entrant", "other", "judge", "organiser", "anonymous"]

# action -> roles allowed; everything else must be refused.
EXPECTED = {
    "thainguyen_contest_edition_create": set(),
    "thainguyen_contest_edition_update": {"organiser"},
    "thainguyen_contest_edition_show": set(ROLES),
    "thainguyen_contest_edition_list": set(ROLES),
    "thainguyen_organiser_assign": {"organiser"},
    "thainguyen_judge_assign": {"organiser"},
    "thainguyen_entry_create": {"entrant", "other", "judge", "organiser"},
    "thainguyen_entry_update": {"organiser"},  # the entry is submitted: frozen
    "thainguyen_entry_attach": {"organiser"},
    "thainguyen_entry_submit": {"entrant"},
    "thainguyen_entry_withdraw": {"entrant"},
    "thainguyen_entry_set_status": {"organiser"},
    "thainguyen_entry_award": {"organiser"},
    "thainguyen_entry_score": {"judge"},
    "thainguyen_judge_assignments": {"judge"},
    "thainguyen_contest_results": {"organiser"},  # not published yet
    "thainguyen_contest_publish_results": {"organiser"},
    "thainguyen_contest_stats": {"organiser"},
    "thainguyen_entry_status_history": {"entrant", "organiser"},
    "thainguyen_contest_correct_result": {"organiser"},  # refused by the action until published
}

ON_ENTRY = {a for a in EXPECTED if a.startswith("thainguyen_entry_") and a != "thainguyen_entry_create"} | {
    "thainguyen_contest_correct_result"}


def _allowed(action, user, data):
    try:
        tk.check_access(action, as_user(user), data)
        return True
    except tk.NotAuthorized:
        return False


def test_every_action_has_its_auth_function():
    from ckanext.thainguyen.contest import action, auth
    contest_actions = {n for n in action.__all__ if n.startswith(("thainguyen_contest", "thainguyen_entry",
                                                                  "thainguyen_judge", "thainguyen_organiser"))}
    assert contest_actions == set(EXPECTED)
    assert contest_actions <= set(auth.__all__)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_auth_matrix(world, action):
    edition, entry, users = world
    data = {"id": entry["id"] if action in ON_ENTRY else edition["id"]}
    allowed = {role for role in ROLES if _allowed(action, users[role], data)}
    assert allowed == EXPECTED[action]


def test_sysadmin_may_do_everything(world):
    edition, entry, users = world
    sysadmin = factories.Sysadmin()
    for action in EXPECTED:
        data = {"id": entry["id"] if action in ON_ENTRY else edition["id"]}
        assert _allowed(action, sysadmin, data), action


def test_entrant_edits_own_draft_only(world):
    edition, entry, users = world
    with freeze_time(SUBMISSIONS_OPEN):
        draft = make_entry(users["entrant"], edition, title="Bản nháp thứ hai")
    for action in ("thainguyen_entry_update", "thainguyen_entry_attach"):
        assert _allowed(action, users["entrant"], {"id": draft["id"]})
        assert not _allowed(action, users["other"], {"id": draft["id"]})
        assert not _allowed(action, users["judge"], {"id": draft["id"]})


def test_results_are_public_once_published(world):
    edition, entry, users = world
    helpers.call_action("thainguyen_contest_publish_results", as_user(users["organiser"]),
                        id=edition["id"])
    for role in ROLES:
        assert _allowed("thainguyen_contest_results", users[role], {"id": edition["id"]})


def test_unknown_records_are_not_found(world):
    edition, entry, users = world
    with pytest.raises(tk.ObjectNotFound):
        tk.check_access("thainguyen_entry_submit", as_user(users["entrant"]), {"id": "khong-co"})
    with pytest.raises(tk.ObjectNotFound):
        tk.check_access("thainguyen_contest_stats", as_user(users["organiser"]), {"id": "khong-co"})
