"""Workflow steps of a contest entry appear in its activity stream, and no
activity of an entry is stored with the team's emails or phones, whoever
triggered it (through the API or a signed-in web page)."""
from __future__ import annotations

import json

import pytest
from freezegun import freeze_time

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers
from ckanext.activity.model import Activity

from tests.browser import Browser
from tests.contest.factories import (
    JUDGING, SUBMISSIONS_OPEN, as_user, assign, contest_org, make_edition, make_entry,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

PERSONAL = ("an.nguyen@example.vn", "0912 345 678", "binh.tran@example.vn", "0987 654 321",
            "moi@example.vn", "0901 000 111")


def _leaks(value) -> bool:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return any(p in text for p in PERSONAL)


def _steps(user, entry):
    activities = helpers.call_action("package_activity_list", as_user(user), id=entry["id"])
    return [(a["data"]["contest_status"]["from"], a["data"]["contest_status"]["to"],
             a["data"]["contest_status"]["prize"], a["user_id"])
            for a in reversed(activities) if "contest_status" in (a.get("data") or {})]


def _stored(entry):
    return model.Session.query(Activity).filter_by(object_id=entry["id"]).all()


@pytest.fixture
def world():
    with freeze_time(SUBMISSIONS_OPEN, tick=True):
        contest_org()
        edition = make_edition()
        users = {name: factories.User() for name in ("entrant", "other", "judge", "organiser")}
        assign("judge", edition, users["judge"])
        assign("organiser", edition, users["organiser"])
        winner = make_entry(users["entrant"], edition)
        loser = make_entry(users["entrant"], edition, title="Cảm biến độ ẩm đất")
        quitter = make_entry(users["entrant"], edition, title="Bản rút lui")
        for entry in (winner, loser, quitter):
            helpers.call_action("thainguyen_entry_submit", as_user(users["entrant"]), id=entry["id"])
        helpers.call_action("thainguyen_entry_withdraw", as_user(users["entrant"]), id=quitter["id"])
    organiser = as_user(users["organiser"])
    # Ticking, so that each step has its own time and the stream its order.
    with freeze_time(JUDGING, tick=True):
        for status in ("under_review", "shortlisted"):
            helpers.call_action("thainguyen_entry_set_status", organiser, id=winner["id"], status=status)
        helpers.call_action("thainguyen_entry_award", organiser, id=winner["id"], prize="first")
        helpers.call_action("thainguyen_contest_publish_results", organiser, id=edition["id"])
    return edition, {"winner": winner, "loser": loser, "quitter": quitter}, users


def test_every_workflow_step_is_in_the_stream(world):
    edition, entries, users = world
    entrant, organiser = users["entrant"]["id"], users["organiser"]["id"]
    assert _steps(users["organiser"], entries["winner"]) == [
        ("draft", "submitted", None, entrant),
        ("submitted", "under_review", None, organiser),
        ("under_review", "shortlisted", None, organiser),
        ("shortlisted", "awarded", "first", organiser),
        ("awarded", "awarded", "first", organiser),  # results published
    ]
    assert _steps(users["entrant"], entries["loser"]) == [
        ("draft", "submitted", None, entrant), ("submitted", "not_awarded", None, organiser)]
    assert _steps(users["entrant"], entries["quitter"]) == [
        ("draft", "submitted", None, entrant), ("submitted", "withdrawn", None, entrant)]
    # Each record holds the entry as it was after the step.
    last = helpers.call_action("package_activity_list", as_user(users["organiser"]),
                               id=entries["winner"]["id"])[0]
    assert last["data"]["package"]["contest_status"] == "awarded"
    assert last["data"]["package"]["team"][0]["name"] == "Nguyễn Văn An"


def test_who_sees_the_stream(world):
    edition, entries, users = world
    # Published and awarded: public, like the entry itself; each record keeps
    # the labels of its time, so the public sees the publication only.
    assert _steps(None, entries["winner"]) == [("awarded", "awarded", "first", users["organiser"]["id"])]
    assert len(_steps(users["judge"], entries["winner"])) == 5
    assert len(_steps(users["judge"], entries["loser"])) == 2
    for user in (None, users["other"]):
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("package_activity_list", as_user(user), id=entries["loser"]["id"])


def test_no_personal_data_in_any_activity(world):
    edition, entries, users = world
    for entry in entries.values():
        stored = _stored(entry)
        assert len(stored) >= 3 and not any(_leaks(a.data) for a in stored)
        for user in (users["entrant"], users["organiser"], users["judge"]):
            if entry is entries["quitter"] and user is users["judge"]:
                continue  # withdrawn before judging: not the judge's to see
            assert not _leaks(helpers.call_action("package_activity_list", as_user(user), id=entry["id"]))


def test_a_refused_step_records_nothing(world):
    edition, entries, users = world
    before = len(_stored(entries["quitter"]))
    with pytest.raises(tk.ValidationError):
        helpers.call_action("thainguyen_entry_set_status", as_user(users["organiser"]),
                            id=entries["quitter"]["id"], status="under_review")
    model.Session.rollback()
    assert len(_stored(entries["quitter"])) == before


@freeze_time(SUBMISSIONS_OPEN)
def test_a_signed_in_edit_stores_no_personal_data(app):
    # ckanext-activity stores a package_show made as whoever is signed in;
    # the entrant may see the team's emails, the stream's readers may not.
    contest_org()
    edition = make_edition()
    entrant, judge = factories.User(), factories.User()
    assign("judge", edition, judge)
    draft = make_entry(entrant, edition)
    url = f"/contest/entry/{draft['name']}/edit"
    form = {"title": "Bản nháp đã sửa", "contest_category": "nong-nghiep", "notes": "Tóm tắt",
            "stage": "idea", "entrant_type": "citizen", "team-0-name": "Lê Mới",
            "team-0-email": "moi@example.vn", "team-0-phone": "0901 000 111", "save": "submit"}
    browser = Browser(app, entrant)
    assert browser.post(url, form, csrf_from=url).status_code == 302
    shown = helpers.call_action("package_show", as_user(entrant), id=draft["id"])
    assert shown["team"][0]["email"] == "moi@example.vn" and shown["contest_status"] == "submitted"
    stored = _stored(draft)
    assert len(stored) == 3 and not any(_leaks(a.data) for a in stored)
    # The judge reads the stream of a submitted entry: names, no emails.
    activities = helpers.call_action("package_activity_list", as_user(judge), id=draft["id"])
    assert activities[0]["data"]["package"]["team"][0]["name"] == "Lê Mới"
    assert not _leaks(activities)


def test_the_stream_page_lists_the_steps(app, world):
    edition, entries, users = world
    url = f"/dataset/activity/{entries['loser']['name']}"
    for user in (users["entrant"], users["judge"], users["organiser"]):
        page = Browser(app, user).get(url)
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        # submitted, then not awarded at publication
        assert body.count('class="item changed-package"') == 2 and not _leaks(body)
    assert Browser(app).get(url).status_code in (403, 404)
    winner = Browser(app).get(f"/dataset/activity/{entries['winner']['name']}")
    assert winner.status_code == 200 and not _leaks(winner.get_data(as_text=True))
