"""thainguyen_entry_status_history: an entry's workflow steps, read back from
its activity stream, for the entrant, the organisers and sysadmins only."""
from __future__ import annotations

import json

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from tests.contest.factories import (
    AWARD_AT, PUBLISH_AT, REVIEW_AT, SHORTLIST_AT, SUBMISSIONS_OPEN, SUBMITTED_AT, WITHDRAW_AT,
    as_user, make_entry, publish_results,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

PERSONAL = ("an.nguyen@example.vn", "0912 345 678", "binh.tran@example.vn", "0987 654 321")


def _history(user, entry):
    return helpers.call_action("thainguyen_entry_status_history", as_user(user), id=entry["id"])


def _steps(user, entry):
    return [(s["timestamp"], s["from_status"], s["to_status"], s["prize"], s["user"])
            for s in _history(user, entry)["steps"]]


def test_the_steps_in_order_with_who_and_when(history_world):
    edition, entries, users = history_world
    publish_results(edition, users)
    entrant, organiser = users["entrant"]["name"], users["organiser"]["name"]
    history = _history(users["organiser"], entries["winner"])
    assert history["status"] == "awarded" and history["name"] == entries["winner"]["name"]
    assert _steps(users["organiser"], entries["winner"]) == [
        (SUBMITTED_AT, "draft", "submitted", None, entrant),
        (REVIEW_AT, "submitted", "under_review", None, organiser),
        (SHORTLIST_AT, "under_review", "shortlisted", None, organiser),
        (AWARD_AT, "shortlisted", "awarded", "first", organiser),
        (PUBLISH_AT, "awarded", "awarded", "first", organiser),
    ]
    assert history["steps"][0]["user_display_name"] == "Người entrant"
    assert _steps(users["entrant"], entries["quitter"]) == [
        (SUBMITTED_AT, "draft", "submitted", None, entrant),
        (WITHDRAW_AT, "submitted", "withdrawn", None, entrant),
    ]
    # Names of who acted, never the team's emails and phones.
    text = json.dumps(history, ensure_ascii=False)
    assert not any(p in text for p in PERSONAL)
    assert users["entrant"]["email"] not in text and users["organiser"]["email"] not in text


def test_a_draft_has_no_steps(history_world):
    edition, entries, users = history_world
    with freeze_time(SUBMISSIONS_OPEN):
        draft = make_entry(users["entrant"], edition, title="Bản nháp")
    assert _history(users["entrant"], draft)["steps"] == []


@pytest.mark.parametrize("role, allowed", [
    ("entrant", True), ("organiser", True), ("sysadmin", True),
    ("judge", False), ("other", False), ("anonymous", False),
])
def test_who_may_read_the_history(history_world, role, allowed):
    edition, entries, users = history_world
    user = users.get(role)
    for entry in entries.values():
        if allowed:
            assert len(_history(user, entry)["steps"]) >= 2
        else:
            with pytest.raises(tk.NotAuthorized):
                _history(user, entry)
    # Publication makes the awarded entry public, not its history.
    if not allowed:
        publish_results(edition, users)
        with pytest.raises(tk.NotAuthorized):
            _history(user, entries["winner"])


def test_the_entrant_learns_the_prize_at_publication(history_world):
    edition, entries, users = history_world
    award = {"from_status": "shortlisted", "to_status": "awarded"}

    def prize_seen_by(role):
        steps = _history(users[role], entries["winner"])["steps"]
        return [s["prize"] for s in steps if {k: s[k] for k in award} == award]

    assert prize_seen_by("organiser") == ["first"]
    # Not even that it was decided: the step waits for the results.
    assert prize_seen_by("entrant") == []
    entrant_view = _history(users["entrant"], entries["winner"])
    assert entrant_view["status"] == "under_review"
    assert entrant_view["steps"][-1]["to_status"] == "shortlisted"
    publish_results(edition, users)
    assert prize_seen_by("entrant") == ["first"]


def test_bad_references(history_world):
    edition, entries, users = history_world
    with pytest.raises(tk.ValidationError) as e:
        helpers.call_action("thainguyen_entry_status_history", as_user(users["organiser"]))
    assert set(e.value.error_dict) == {"id"}
    with pytest.raises(tk.ValidationError) as e:
        helpers.call_action("thainguyen_entry_status_history", as_user(users["organiser"]), id="  ")
    assert set(e.value.error_dict) == {"id"}
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("thainguyen_entry_status_history", as_user(users["organiser"]),
                            id="khong-co")
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("thainguyen_entry_status_history", as_user(None))
