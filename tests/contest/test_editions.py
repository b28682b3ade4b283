"""Creating and updating contest editions through the actions: who may
create one, the rules of its fields, and what entries and scores pin down."""
from __future__ import annotations

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.contest.factories import (
    CRITERIA, JUDGING, SUBMISSIONS_OPEN, as_user, assign, contest_org, edition_data,
    make_edition, make_entry,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _member(org, capacity):
    user = factories.User()
    helpers.call_action("organization_member_create", {"user": factories.Sysadmin()["name"]},
                        id=org["id"], username=user["name"], role=capacity)
    return user


def test_admins_of_the_contest_organisation_create_editions():
    org = contest_org()
    admin, editor, member = (_member(org, c) for c in ("admin", "editor", "member"))
    other_admin = _member(factories.Organization(), "admin")
    created = helpers.call_action("thainguyen_contest_edition_create", as_user(admin), **edition_data())
    assert created["name"] == "dmst-2025"
    for user in (editor, member, other_admin, factories.User(), None):
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("thainguyen_contest_edition_create", as_user(user),
                                **edition_data(name="dmst-2026"))
    # The organisation's admin manages the edition afterwards too.
    helpers.call_action("thainguyen_contest_edition_update", as_user(admin), id=created["id"], theme="Mới")


@pytest.mark.parametrize("overrides, field", [
    ({"name": "new"}, "name"),
    ({"name": "entry"}, "name"),
    ({"year": 99999999999}, "year"),
    ({"year": 1999}, "year"),
    ({"submission_opens": "0001-01-01T00:00+05:00"}, "submission_opens"),
    ({"categories": [{"name": "a1", "label": "Nông nghiệp"}, {"name": "b2", "label": "nông nghiệp"}]},
     "categories"),
    ({"criteria": [dict(c, label="Tính mới") for c in CRITERIA]}, "criteria"),
    ({"prizes": [{"level": "first", "count": -1}]}, "prizes"),
])
def test_edition_rules(overrides, field):
    sysadmin = factories.Sysadmin()
    with pytest.raises(tk.ValidationError) as e:
        helpers.call_action("thainguyen_contest_edition_create", as_user(sysadmin), **edition_data(**overrides))
    assert field in e.value.error_dict
    assert helpers.call_action("thainguyen_contest_edition_list") == []


@pytest.fixture
def entered():
    with freeze_time(SUBMISSIONS_OPEN):
        contest_org()
        edition = make_edition()
        entrant, judge = factories.User(), factories.User()
        assign("judge", edition, judge)
        entry = make_entry(entrant, edition)
        helpers.call_action("thainguyen_entry_submit", as_user(entrant), id=entry["id"])
    return edition, entry, judge


def _update(edition, **changes):
    return helpers.call_action("thainguyen_contest_edition_update", as_user(factories.Sysadmin()),
                               id=edition["id"], **changes)


def test_entries_pin_the_url_and_their_category(entered):
    edition, entry, judge = entered
    with pytest.raises(tk.ValidationError) as e:
        _update(edition, name="dmst-2025-moi")
    assert set(e.value.error_dict) == {"name"}
    with pytest.raises(tk.ValidationError) as e:
        _update(edition, categories=[{"name": "chuyen-doi-so", "label": "Chuyển đổi số"}])
    assert "nong-nghiep" in e.value.error_dict["categories"][0]
    # Renaming a category's label and adding one are fine.
    updated = _update(edition, categories=[{"name": "nong-nghiep", "label": "Nông – lâm nghiệp"},
                                           {"name": "moi-truong", "label": "Môi trường"}])
    assert [c["name"] for c in updated["categories"]] == ["nong-nghiep", "moi-truong"]
    shown = helpers.call_action("package_show", id=entry["id"])
    assert shown["contest_edition"] == "dmst-2025"


def test_scores_pin_the_criteria(entered):
    edition, entry, judge = entered
    with freeze_time(JUDGING):
        helpers.call_action("thainguyen_entry_score", as_user(judge), id=entry["id"],
                            scores={"novelty": 8, "feasibility": 6, "impact": 9})
    fewer = [dict(CRITERIA[0], weight=55), dict(CRITERIA[2], weight=45)]
    with pytest.raises(tk.ValidationError) as e:
        _update(edition, criteria=fewer)
    assert set(e.value.error_dict) == {"criteria"}
    reweighted = [dict(CRITERIA[0], weight=50), dict(CRITERIA[1], weight=20, label="Khả thi"),
                  dict(CRITERIA[2], weight=30)]
    _update(edition, criteria=reweighted)
    organiser = factories.Sysadmin()
    ranking = helpers.call_action("thainguyen_contest_results", as_user(organiser), id=edition["id"])
    assert ranking["ranking"][0]["score"] == pytest.approx((50 * 8 + 20 * 6 + 30 * 9) / 100)
