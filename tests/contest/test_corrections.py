"""A published ranking changes only by an explicit, logged correction.

``thainguyen_contest_correct_result``: the edition's organisers, only once
the results are published, always with a reason; the correction is kept in
its own table and the entry's activity, and published with the results.
"""
from __future__ import annotations

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.browser import Browser
from tests.contest.factories import AFTER_JUDGING, as_user, publish_results

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

REASON = "Giải pháp trùng với sáng chế đã công bố năm 2020 (biên bản hội đồng số 12)."


@pytest.fixture
def published(history_world):
    edition, entries, users = history_world
    publish_results(edition, users)
    return edition, entries["winner"], users


def _results(edition, user=None):
    return helpers.call_action("thainguyen_contest_results", as_user(user), id=edition["id"])


def test_an_organiser_corrects_a_published_result_with_a_reason(app, published):
    edition, winner, users = published
    with freeze_time(AFTER_JUDGING):
        correction = helpers.call_action("thainguyen_contest_correct_result",
                                         as_user(users["organiser"]), id=winner["id"],
                                         prize="", reason=REASON)
    assert (correction["from_status"], correction["from_prize"]) == ("awarded", "first")
    assert (correction["to_status"], correction["to_prize"]) == ("not_awarded", None)
    assert correction["reason"] == REASON and correction["created"] == "2025-09-15T10:00:00Z"
    anonymous = _results(edition)
    assert [(r["name"], r["status"], r["prize"]) for r in anonymous["ranking"]] in (
        [], [(winner["name"], "not_awarded", None)])
    assert [(c["entry"], c["reason"]) for c in anonymous["corrections"]] == [(winner["name"], REASON)]
    # Nobody's name goes out with the results; the reason does.
    assert "user" not in anonymous["corrections"][0]
    page = app.get(f"/contest/{edition['name']}/results")
    assert 'class="contest-correction-note"' in page.body and REASON in page.body
    # The entry is no longer a published winner: no longer public.
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("package_show", as_user(None), id=winner["id"])
    steps = helpers.call_action("thainguyen_entry_status_history", as_user(users["entrant"]),
                                id=winner["id"])["steps"]
    assert (steps[-1]["from_status"], steps[-1]["to_status"], steps[-1]["correction"]) == (
        "awarded", "not_awarded", REASON)


def test_a_correction_may_award_within_the_edition_s_prizes(published):
    edition, winner, users = published
    organiser = as_user(users["organiser"])
    helpers.call_action("thainguyen_contest_correct_result", organiser, id=winner["id"],
                        prize="second", reason=REASON)
    assert _results(edition)["corrections"][0]["to_prize"] == "second"
    assert helpers.call_action("package_show", as_user(None), id=winner["id"])["contest_prize"] == "second"
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("thainguyen_contest_correct_result", organiser, id=winner["id"],
                            prize="second", reason=REASON)
    assert "prize" in refused.value.error_dict


@pytest.mark.parametrize("data,field", [
    ({"prize": ""}, "reason"),
    ({"prize": "", "reason": "   "}, "reason"),
    ({"prize": "gold", "reason": REASON}, "prize"),
])
def test_a_correction_without_a_reason_or_with_an_unknown_prize_is_refused(published, data, field):
    edition, winner, users = published
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("thainguyen_contest_correct_result", as_user(users["organiser"]),
                            id=winner["id"], **data)
    assert field in refused.value.error_dict
    assert _results(edition)["corrections"] == []
    assert helpers.call_action("package_show", id=winner["id"])["contest_prize"] == "first"


def test_no_correction_before_publication(history_world):
    edition, entries, users = history_world
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("thainguyen_contest_correct_result", as_user(users["organiser"]),
                            id=entries["winner"]["id"], prize="", reason=REASON)
    assert "status" in refused.value.error_dict
    assert _results(edition, users["organiser"])["corrections"] == []


def test_only_the_organisers_correct(published):
    edition, winner, users = published
    editor = factories.User()
    helpers.call_action("organization_member_create", id="doi-moi-sang-tao",
                        username=editor["name"], role="editor")
    for user in (editor, users["judge"], users["entrant"], users["other"]):
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("thainguyen_contest_correct_result", as_user(user),
                                id=winner["id"], prize="", reason=REASON)
    assert _results(edition)["corrections"] == []


def test_the_dashboard_form_corrects_and_says_why_it_refuses(app, published):
    edition, winner, users = published
    browser = Browser(app, users["organiser"])
    dashboard = f"/contest/{edition['name']}/dashboard"
    page = browser.get(dashboard).get_data(as_text=True)
    assert 'class="contest-correction"' in page and 'name="reason"' in page
    url = f"{dashboard}/correct"
    refused = browser.post(url, {"entry": winner["id"], "prize": ""}, csrf_from=dashboard)
    assert refused.status_code == 302 and _results(edition)["corrections"] == []
    assert "alert-danger" in browser.get(dashboard).get_data(as_text=True)
    browser.post(url, {"entry": winner["id"], "prize": "third", "reason": REASON}, csrf_from=dashboard)
    assert [c["to_prize"] for c in _results(edition)["corrections"]] == ["third"]


def test_the_criteria_weights_of_a_published_ranking_stay(published):
    edition, winner, users = published
    before = _results(edition)["ranking"]
    reweighted = [dict(c, weight=w) for c, w in zip(edition["criteria"], (50, 25, 25))]
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("thainguyen_contest_edition_update", as_user(users["organiser"]),
                            id=edition["id"], criteria=reweighted)
    assert "criteria" in refused.value.error_dict
    relabelled = [dict(c, label=c["label"] + " (sửa)") for c in edition["criteria"]]
    helpers.call_action("thainguyen_contest_edition_update", as_user(users["organiser"]),
                        id=edition["id"], criteria=relabelled)
    assert _results(edition)["ranking"] == before
