"""Team emails and phones reach only the entrant, organisers and sysadmins.

Checked on every path that serves an entry: package_show, package_search
results, the Solr index itself, the activity stream, after publication.
"""
from __future__ import annotations

import json

import pytest

from freezegun import freeze_time

import ckan.model as model
from ckan.logic import NotAuthorized
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
        # Whole results are shown as package_show shows them.
        assert _leaks(found) == (role != "judge"), role
    assert helpers.call_action("package_search", as_user(users["other"]), q="*:*",
                               include_private=True)["count"] == 0


def test_solr_index_holds_no_personal_data(world):
    edition, entry, users = world
    sysadmin = as_user(users["sysadmin"])
    assert helpers.call_action("package_search", sysadmin, q="Tân Cương", include_private=True)["count"] == 1
    for term in ('"an.nguyen@example.vn"', '"0912 345 678"', '"an.nguyen"'):
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


# ------------------------------------------------------------------ every role, every path
ROLES = ("anonymous", "other", "org_editor", "judge", "entrant", "organiser", "sysadmin")
SEES_TEAM = {"entrant", "organiser", "sysadmin"}
SEES_OUTCOME = {"organiser", "sysadmin"}
OUTCOME_STATUSES = {"awarded", "not_awarded"}


def _outcomes(value) -> set[str]:
    """The outcome values anywhere in ``value``, JSON text inside it included."""
    found = set()
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return _outcomes(json.loads(value))
        except ValueError:
            return set()
    if isinstance(value, list):
        for item in value:
            found |= _outcomes(item)
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "contest_prize" and item:
                found.add(f"prize:{item}")
            elif key in ("contest_status", "status", "to_status", "to") and isinstance(
                    item, str) and item in OUTCOME_STATUSES:
                found.add(f"status:{item}")
            elif key == "prize" and item:
                found.add(f"prize:{item}")
            found |= _outcomes(item)
    return found


def _may(users, role, action, **data):
    """``action`` as ``role``; None when they may not call it at all."""
    try:
        return helpers.call_action(action, as_user(users[role]), **data)
    except NotAuthorized:
        return None


@pytest.fixture
def awarded(world):
    """The ``world`` entry awarded the first prize, results not yet published;
    plus an editor of the contest organisation and an anonymous visitor."""
    edition, entry, users = world
    org_editor = factories.User()
    helpers.call_action("organization_member_create", {"user": users["sysadmin"]["name"]},
                        id="doi-moi-sang-tao",
                        username=org_editor["name"], role="editor")
    users = dict(users, org_editor=org_editor, anonymous=None)
    organiser = as_user(users["organiser"])
    with freeze_time(JUDGING):
        for status in ("under_review", "shortlisted"):
            helpers.call_action("thainguyen_entry_set_status", organiser, id=entry["id"], status=status)
        helpers.call_action("thainguyen_entry_award", organiser, id=entry["id"], prize="first")
    return edition, entry, users


def _check(role, value, team=True, outcome=True):
    if team:
        assert _leaks(value) == (role in SEES_TEAM), role
    if outcome:
        assert bool(_outcomes(value)) == (role in SEES_OUTCOME), (role, _outcomes(value))


def test_every_role_package_show(awarded):
    _edition, entry, users = awarded
    for role in ROLES:
        shown = _may(users, role, "package_show", id=entry["id"])
        if shown is None:
            assert role in ("anonymous", "other"), role
            continue
        _check(role, shown)
        if role in SEES_OUTCOME:
            assert (shown["contest_status"], shown["contest_prize"]) == ("awarded", "first")
        else:
            assert shown["contest_status"] == "under_review" and "contest_prize" not in shown


def test_every_role_search_results_and_index_copies(awarded):
    _edition, entry, users = awarded
    for role in ROLES:
        found = _may(users, role, "package_search", q="*:*", include_private=True)
        if role in ("anonymous", "other"):
            assert found["count"] == 0, role
            continue
        assert [r["id"] for r in found["results"]] == [entry["id"]], role
        _check(role, found["results"])
        for fl in ("id,name,data_dict", "validated_data_dict", "*", "contest_prize,team"):
            copies = _may(users, role, "package_search", q="*:*", include_private=True, fl=fl)
            assert copies["count"] == 1, (role, fl)
            # The index holds neither the team's contact nor the outcome yet.
            assert not _leaks(copies) and not _outcomes(copies), (role, fl)


def test_nobody_finds_or_facets_on_hidden_values(awarded):
    _edition, entry, users = awarded
    for role in ROLES:
        for q in ("contest_prize:first", "contest_prize:*", "contest_status:awarded",
                  f'"{EMAIL}"', '"an.nguyen"', "team:*an.nguyen*", "extras_team:*an.nguyen*"):
            found = _may(users, role, "package_search", q=q, include_private=True)
            assert found["count"] == 0, (role, q)
        found = _may(users, role, "package_search", q="*:*", include_private=True,
                     **{"facet.field": '["contest_prize", "contest_status", "team"]'})
        assert "first" not in json.dumps(found["search_facets"]), role
        assert "awarded" not in json.dumps(found["facets"]), role
        assert not _leaks(found["facets"]), role


def test_every_role_activity_and_status_history(awarded):
    edition, entry, users = awarded
    for role in ROLES:
        streams = [_may(users, role, "package_activity_list", id=entry["id"]),
                   _may(users, role, "recently_changed_packages_activity_list"),
                   _may(users, role, "organization_activity_list", id="doi-moi-sang-tao")]
        if users[role] is not None:
            streams.append(_may(users, role, "user_activity_list", id=users["organiser"]["name"]))
        for stream in streams:
            if stream:
                # Activities are stored without the team's contact, for everyone.
                assert not _leaks(stream), role
                # Some lists carry no data at all on CKAN 2.12: none may show more.
                assert not _outcomes(stream) or role in SEES_OUTCOME, role
        history = _may(users, role, "thainguyen_entry_status_history", id=entry["id"])
        if history is not None:
            _check(role, history, team=False)
    organiser_stream = _may(users, "organiser", "package_activity_list", id=entry["id"])
    assert _outcomes(organiser_stream) >= {"status:awarded", "prize:first"}
    newest = organiser_stream[0]
    for role in ROLES:
        if users[role] is None:
            continue
        diff = _may(users, role, "activity_diff", id=newest["id"], object_type="package",
                    diff_type="unified")
        if diff is not None:
            assert not _leaks(diff), role
            # 2.12's activity_diff may carry the datasets only, without the step.
            assert not _outcomes(diff["activities"]) or role in SEES_OUTCOME, role
            assert ('"awarded"' in diff["diff"]) is False, role


def test_every_role_entry_and_changes_pages(app, awarded):
    _edition, entry, users = awarded
    stream = helpers.call_action("package_activity_list", as_user(users["sysadmin"]), id=entry["id"])
    for role in ROLES:
        headers = ({"Authorization": factories.APIToken(user=users[role]["name"])["token"]}
                   if users[role] else {})
        page = app.get(f"/contest/entry/{entry['name']}", headers=headers)
        if page.status_code != 200:
            assert role in ("anonymous", "other") and page.status_code in (403, 404), role
            continue
        assert ('data-status="awarded"' in page.body) == (role in SEES_OUTCOME), role
        assert (EMAIL in page.body) == (role in SEES_TEAM), role
        changes = app.get(f"/dataset/changes/{stream[0]['id']}", headers=headers)
        if changes.status_code == 200:
            assert EMAIL not in changes.body and "awarded" not in changes.body, role


def test_after_publication_everyone_entitled_sees_the_outcome(awarded):
    edition, entry, users = awarded
    with freeze_time(JUDGING):
        helpers.call_action("thainguyen_contest_publish_results", as_user(users["organiser"]),
                            id=edition["id"])
    for role in ROLES:
        shown = _may(users, role, "package_show", id=entry["id"])
        assert (shown["contest_status"], shown["contest_prize"]) == ("awarded", "first"), role
        assert _leaks(shown) == (role in SEES_TEAM), role
        assert _may(users, role, "package_search", q="contest_prize:first")["count"] == 1, role
        found = _may(users, role, "package_search", q="*:*",
                     **{"facet.field": '["contest_prize"]'})
        assert found["facets"]["contest_prize"] == {"first": 1}, role
        assert not _leaks(found["facets"]) and not _leaks(
            _may(users, role, "package_search", q="*:*", fl="data_dict,validated_data_dict")), role
        history = _may(users, role, "thainguyen_entry_status_history", id=entry["id"])
        if history is not None:
            assert "status:awarded" in _outcomes(history), role
