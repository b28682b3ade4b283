"""Team emails and phones reach only the entrant, organisers and sysadmins.

Checked on every path that serves an entry: package_show, package_search
results, the Solr index itself, the activity stream, after publication.
"""
from __future__ import annotations

import json

import pytest

from freezegun import freeze_time

import ckan.model as model
from ckan.tests import factories, helpers

from tests.contest.factories import (
    JUDGING, SUBMISSIONS_OPEN, as_user, assign, contest_org, make_edition, make_entry,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

EMAIL, PHONE = "an.nguyen@example.vn", "0912 345 678"


def _leaks(value) -> bool:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return EMAIL in text or PHONE in text or "0987 654 321" in text


@pytest.fixture
def world():
    with freeze_time(SUBMISSIONS_OPEN):
        contest_org()
        edition = make_edition()
        users = {name: factories.User() for name in ("entrant", "other", "judge", "organiser")}
        users["sysadmin"] = factories.Sysadmin()
        assign("judge", edition, users["judge"])
        assign("organiser", edition, users["organiser"])
        entry = make_entry(users["entrant"], edition)
        helpers.call_action("thainguyen_entry_update", as_user(users["entrant"]), id=entry["id"],
                            title="Máy sấy chè thế hệ hai")
        helpers.call_action("thainguyen_entry_submit", as_user(users["entrant"]), id=entry["id"])
    return edition, entry, users


def test_package_show(world):
    edition, entry, users = world
    for role in ("entrant", "organiser", "sysadmin"):
        shown = helpers.call_action("package_show", as_user(users[role]), id=entry["id"])
        assert shown["team"][0]["email"] == EMAIL and shown["team"][0]["phone"] == PHONE, role
    judge_view = helpers.call_action("package_show", as_user(users["judge"]), id=entry["id"])
    assert judge_view["team"][0]["name"] == "Nguyễn Văn An"
    assert not _leaks(judge_view)


def test_package_search_results(world):
    edition, entry, users = world
    for role in ("entrant", "judge", "organiser", "sysadmin"):
        found = helpers.call_action("package_search", as_user(users[role]), q="*:*",
                                    include_private=True)
        assert [r["id"] for r in found["results"]] == [entry["id"]], role
        assert not _leaks(found), role
    assert helpers.call_action("package_search", as_user(users["other"]), q="*:*",
                               include_private=True)["count"] == 0


def test_solr_index_holds_no_personal_data(world):
    edition, entry, users = world
    sysadmin = as_user(users["sysadmin"])
    assert helpers.call_action("package_search", sysadmin, q="Tân Cương", include_private=True)["count"] == 1
    for term in ('"an.nguyen@example.vn"', '"0912 345 678"', "an.nguyen"):
        assert helpers.call_action("package_search", sysadmin, q=term, include_private=True)["count"] == 0
    from ckan.lib.search import query_for
    raw = query_for(model.Package).run({"q": "*:*", "fl": "*"}, permission_labels=None)
    assert raw["count"] == 1 and not _leaks(raw["results"])


def test_activity_stream(world):
    edition, entry, users = world
    for role in ("entrant", "organiser", "sysadmin"):
        activities = helpers.call_action("package_activity_list", as_user(users[role]),
                                         id=entry["id"])
        assert activities and not _leaks(activities), role
    # Full activity data is served to package editors (here the sysadmin);
    # it was stored without personal data, so nobody gets it from there.
    activities = helpers.call_action("package_activity_list", as_user(users["sysadmin"]),
                                     id=entry["id"])
    assert len(activities) == 3  # created, updated, submitted (contest/activity.py)
    for activity in activities:
        detail = helpers.call_action("activity_show", as_user(users["sysadmin"]),
                                     id=activity["id"], include_data=True)
        assert detail["data"]["package"]["team"][0]["name"] == "Nguyễn Văn An"
        assert not _leaks(detail)
    from ckanext.activity.model import Activity
    stored = model.Session.query(Activity).filter_by(object_id=entry["id"]).all()
    assert stored and not any(_leaks(a.data) for a in stored)


def test_after_publication_public_sees_no_personal_data(world):
    edition, entry, users = world
    organiser = as_user(users["organiser"])
    with freeze_time(JUDGING):
        for status in ("under_review", "shortlisted"):
            helpers.call_action("thainguyen_entry_set_status", organiser, id=entry["id"], status=status)
        helpers.call_action("thainguyen_entry_award", organiser, id=entry["id"], prize="second")
        helpers.call_action("thainguyen_contest_publish_results", organiser, id=edition["id"])
    for user in (None, users["other"], users["judge"]):
        shown = helpers.call_action("package_show", as_user(user), id=entry["id"])
        assert shown["contest_prize"] == "second" and not _leaks(shown)
        found = helpers.call_action("package_search", as_user(user), q="*:*")
        assert found["count"] == 1 and not _leaks(found)
    shown = helpers.call_action("package_show", as_user(users["entrant"]), id=entry["id"])
    assert shown["team"][1]["email"] == "binh.tran@example.vn"
