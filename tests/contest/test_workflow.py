"""Editions, entries and the workflow of an innovation-contest entry."""
from __future__ import annotations

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan.lib import search
from ckan.tests import factories, helpers

from tests.catalogue.factories import catalogue_entry
from tests.contest.factories import (
    AFTER_JUDGING, BEFORE_OPENING, JUDGING, SUBMISSIONS_OPEN, as_user, assign,
    contest_org, edition_data, make_edition, make_entry, submitted_entry,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _status(entry):
    # As a sysadmin: results are embargoed for everyone else (ignore_auth included).
    sysadmin = factories.Sysadmin()
    return helpers.call_action("package_show", {"user": sysadmin["name"], "ignore_auth": False},
                               id=entry["id"])["contest_status"]


class TestEdition:
    def test_create_and_show(self):
        edition = make_edition()
        shown = helpers.call_action("thainguyen_contest_edition_show", {"user": ""}, id="dmst-2025")
        assert shown["id"] == edition["id"]
        assert shown["submission_opens"] == "2025-03-01T00:00:00Z"
        assert shown["submission_closes"] == "2025-06-30T23:59:59.999999Z"
        assert [c["weight"] for c in shown["criteria"]] == [30, 25, 45]
        assert "judges" not in shown  # anonymous callers do not see the jury

    def test_weights_must_sum_to_100(self):
        sysadmin = factories.Sysadmin()
        bad = edition_data(criteria=[{"name": "a", "label": "A", "weight": 60},
                                     {"name": "b", "label": "B", "weight": 30}])
        with pytest.raises(tk.ValidationError) as e:
            helpers.call_action("thainguyen_contest_edition_create", {"user": sysadmin["name"]}, **bad)
        assert "criteria" in e.value.error_dict
        assert helpers.call_action("thainguyen_contest_edition_list") == []

    def test_windows_must_be_in_order(self):
        sysadmin = factories.Sysadmin()
        bad = edition_data(submission_closes="2025-02-01", judging_closes="2025-06-01")
        with pytest.raises(tk.ValidationError) as e:
            helpers.call_action("thainguyen_contest_edition_create", {"user": sysadmin["name"]}, **bad)
        assert set(e.value.error_dict) == {"submission_closes", "judging_closes"}

    def test_bad_prize_level_and_dates(self):
        sysadmin = factories.Sysadmin()
        bad = edition_data(prizes=[{"level": "golden", "count": 1}], judging_opens="sáng mai")
        with pytest.raises(tk.ValidationError) as e:
            helpers.call_action("thainguyen_contest_edition_create", {"user": sysadmin["name"]}, **bad)
        assert "prizes" in e.value.error_dict and "judging_opens" in e.value.error_dict

    def test_organiser_updates_edition(self):
        edition = make_edition()
        organiser = factories.User()
        assign("organiser", edition, organiser)
        updated = helpers.call_action("thainguyen_contest_edition_update", as_user(organiser),
                                      id=edition["id"], theme="Chủ đề mới")
        assert updated["theme"] == "Chủ đề mới"
        assert updated["criteria"] == edition["criteria"]


@freeze_time(SUBMISSIONS_OPEN)
class TestEntryDraft:
    def test_citizen_creates_private_draft(self):
        contest_org()
        edition = make_edition()
        citizen = factories.User()
        entry = make_entry(citizen, edition)
        assert entry["contest_status"] == "draft"
        assert entry["private"] is True
        assert entry["team"][0]["email"] == "an.nguyen@example.vn"  # the entrant sees it

        # Nobody else sees a draft: not another user, not anonymous, not search.
        for user in (factories.User(), None):
            with pytest.raises(tk.NotAuthorized):
                helpers.call_action("package_show", as_user(user), id=entry["id"])
            found = helpers.call_action("package_search", as_user(user), q="*:*",
                                        include_private=True)
            assert found["count"] == 0
        mine = helpers.call_action("package_search", as_user(citizen), q="*:*", include_private=True)
        assert [r["id"] for r in mine["results"]] == [entry["id"]]

    def test_category_must_belong_to_edition(self):
        contest_org()
        edition = make_edition()
        with pytest.raises(tk.ValidationError) as e:
            make_entry(factories.User(), edition, contest_category="the-thao")
        assert "contest_category" in e.value.error_dict

    def test_entrant_cannot_set_status_or_owner(self):
        contest_org()
        other_org = factories.Organization()
        edition = make_edition()
        citizen = factories.User()
        entry = make_entry(citizen, edition, contest_status="awarded", private=False,
                           owner_org=other_org["id"])
        assert entry["contest_status"] == "draft"
        assert entry["private"] is True
        assert entry["owner_org"] != other_org["id"]
        updated = helpers.call_action("thainguyen_entry_update", as_user(citizen), id=entry["id"],
                                      title="Tên mới", contest_status="awarded", private=False)
        assert updated["title"] == "Tên mới"
        assert updated["contest_status"] == "draft" and updated["private"] is True
        # Core package_update is not a way round: the entrant is no org member.
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("package_patch", as_user(citizen), id=entry["id"], private=False)

    def test_entrant_cannot_name_an_entry_after_another_package(self):
        """A URL name equal to another package's id would take that package's
        place in lookups and in the search index: entrants never choose names."""
        contest_org()
        edition = make_edition()
        other = catalogue_entry("open", title="CSDL đất đai")
        citizen = factories.User()
        entry = make_entry(citizen, edition, name=other["id"])
        assert entry["name"] != other["id"] and entry["name"].startswith("may-")
        updated = helpers.call_action("thainguyen_entry_update", as_user(citizen), id=entry["id"],
                                      name=other["id"], title="Tên mới")
        assert updated["name"] == entry["name"] and updated["title"] == "Tên mới"
        helpers.call_action("thainguyen_entry_submit", as_user(citizen), id=entry["id"])
        # Reindexing a package deletes the index documents whose id or name is
        # its id: both stay findable, and each name leads to its own package.
        sysadmin = {"user": factories.Sysadmin()["name"]}
        search.rebuild(other["id"])
        search.rebuild(entry["id"])
        for package in (other, entry):
            found = helpers.call_action("package_search", dict(sysadmin),
                                        fq=f'id:"{package["id"]}"', include_private=True)
            assert [r["id"] for r in found["results"]] == [package["id"]]
            shown = helpers.call_action("package_show", dict(sysadmin), id=package["name"])
            assert shown["id"] == package["id"]

    def test_sysadmin_may_name_an_entry_but_not_after_another_package(self):
        contest_org()
        edition = make_edition()
        other = catalogue_entry("open")
        sysadmin = {"name": factories.Sysadmin()["name"]}
        with pytest.raises(tk.ValidationError) as e:
            make_entry(sysadmin, edition, name=other["id"])
        assert list(e.value.error_dict) == ["name"]
        entry = make_entry(sysadmin, edition, name="bai-mau-2025")
        assert entry["name"] == "bai-mau-2025"
        with pytest.raises(tk.ValidationError) as e:
            helpers.call_action("thainguyen_entry_update", as_user(sysadmin), id=entry["id"],
                                name=other["id"])
        assert list(e.value.error_dict) == ["name"]
        assert helpers.call_action("package_show", id=entry["id"])["name"] == "bai-mau-2025"


class TestSubmission:
    def test_submit_inside_window_freezes_entry(self):
        with freeze_time(SUBMISSIONS_OPEN):
            contest_org()
            edition = make_edition()
            citizen = factories.User()
            entry = make_entry(citizen, edition)
            result = helpers.call_action("thainguyen_entry_submit", as_user(citizen), id=entry["id"])
            assert result["status"] == "submitted"
            assert result["submitted"] == "2025-04-01T10:00:00Z"
            with pytest.raises(tk.NotAuthorized):
                helpers.call_action("thainguyen_entry_update", as_user(citizen), id=entry["id"],
                                    title="Sửa sau khi nộp")
            assert helpers.call_action("package_show", id=entry["id"])["title"] != "Sửa sau khi nộp"
            with pytest.raises(tk.ValidationError) as e:
                helpers.call_action("thainguyen_entry_submit", as_user(citizen), id=entry["id"])
            assert "status" in e.value.error_dict

    @pytest.mark.parametrize("moment", [BEFORE_OPENING, JUDGING])
    def test_submit_outside_window_is_refused(self, moment):
        with freeze_time(BEFORE_OPENING):
            contest_org()
            edition = make_edition()
            citizen = factories.User()
            entry = make_entry(citizen, edition)
        with freeze_time(moment):
            with pytest.raises(tk.ValidationError) as e:
                helpers.call_action("thainguyen_entry_submit", as_user(citizen), id=entry["id"])
            assert "status" in e.value.error_dict
            assert _status(entry) == "draft"

    def test_no_new_drafts_after_closing(self):
        with freeze_time(JUDGING):
            contest_org()
            edition = make_edition()
            with pytest.raises(tk.ValidationError) as e:
                make_entry(factories.User(), edition)
            assert "contest_edition" in e.value.error_dict
            assert helpers.call_action("package_search", q="*:*", include_private=True)["count"] == 0


class TestWithdrawal:
    def test_withdraw_before_judging_ends(self):
        with freeze_time(SUBMISSIONS_OPEN):
            _edition, citizen, entry = submitted_entry()
        with freeze_time(JUDGING):
            result = helpers.call_action("thainguyen_entry_withdraw", as_user(citizen), id=entry["id"])
            assert result["status"] == "withdrawn"
            with pytest.raises(tk.ValidationError):
                helpers.call_action("thainguyen_entry_withdraw", as_user(citizen), id=entry["id"])

    def test_no_withdrawal_after_judging(self):
        with freeze_time(SUBMISSIONS_OPEN):
            _edition, citizen, entry = submitted_entry()
        with freeze_time(AFTER_JUDGING):
            with pytest.raises(tk.ValidationError) as e:
                helpers.call_action("thainguyen_entry_withdraw", as_user(citizen), id=entry["id"])
            assert "status" in e.value.error_dict
            assert _status(entry) == "submitted"


class TestOrganiserTransitions:
    def _submitted(self):
        edition, _citizen, entry = submitted_entry()
        organiser = factories.User()
        assign("organiser", edition, organiser)
        return edition, organiser, entry

    @freeze_time(SUBMISSIONS_OPEN)
    def test_legal_path_to_award_and_publication(self):
        edition, organiser, entry = self._submitted()
        ctx = as_user(organiser)
        helpers.call_action("thainguyen_entry_set_status", ctx, id=entry["id"], status="under_review")
        helpers.call_action("thainguyen_entry_set_status", ctx, id=entry["id"], status="shortlisted")
        result = helpers.call_action("thainguyen_entry_award", ctx, id=entry["id"], prize="first")
        assert result["status"] == "awarded" and result["prize"] == "first"
        with pytest.raises(tk.NotAuthorized):  # not public before publication
            helpers.call_action("package_show", as_user(None), id=entry["id"])
        helpers.call_action("thainguyen_contest_publish_results", ctx, id=edition["id"])
        shown = helpers.call_action("package_show", as_user(None), id=entry["id"])
        assert shown["contest_status"] == "awarded" and shown["contest_prize"] == "first"
        assert shown["private"] is False
        public = helpers.call_action("package_search", as_user(None), q="*:*")
        assert [r["id"] for r in public["results"]] == [entry["id"]]

    @freeze_time(SUBMISSIONS_OPEN)
    @pytest.mark.parametrize("status", ["draft", "submitted", "awarded", "withdrawn", "shortlisted", "bogus"])
    def test_illegal_transition_changes_nothing(self, status):
        edition, organiser, entry = self._submitted()
        with pytest.raises(tk.ValidationError) as e:
            helpers.call_action("thainguyen_entry_set_status", as_user(organiser),
                                id=entry["id"], status=status)
        assert "status" in e.value.error_dict
        assert _status(entry) == "submitted"

    @freeze_time(SUBMISSIONS_OPEN)
    def test_prize_limits(self):
        edition, organiser, entry = self._submitted()
        ctx = as_user(organiser)
        second = make_entry(factories.User(), edition, title="Ứng dụng bản đồ số")
        helpers.call_action("thainguyen_entry_submit", as_user({"name": second["creator_user_id"]}),
                            id=second["id"])
        for e in (entry, second):
            helpers.call_action("thainguyen_entry_set_status", ctx, id=e["id"], status="under_review")
            helpers.call_action("thainguyen_entry_set_status", ctx, id=e["id"], status="shortlisted")
        helpers.call_action("thainguyen_entry_award", ctx, id=entry["id"], prize="first")
        with pytest.raises(tk.ValidationError) as e:
            helpers.call_action("thainguyen_entry_award", ctx, id=second["id"], prize="first")
        assert "prize" in e.value.error_dict
        assert _status(second) == "shortlisted"
        helpers.call_action("thainguyen_entry_award", ctx, id=second["id"], prize="third")
        assert _status(second) == "awarded"

    @freeze_time(SUBMISSIONS_OPEN)
    def test_award_needs_shortlist_and_publication_closes_all(self):
        edition, organiser, entry = self._submitted()
        ctx = as_user(organiser)
        with pytest.raises(tk.ValidationError):
            helpers.call_action("thainguyen_entry_award", ctx, id=entry["id"], prize="first")
        helpers.call_action("thainguyen_contest_publish_results", ctx, id=edition["id"])
        assert _status(entry) == "not_awarded"
        with pytest.raises(tk.ValidationError):
            helpers.call_action("thainguyen_contest_publish_results", ctx, id=edition["id"])
        with pytest.raises(tk.ValidationError):
            helpers.call_action("thainguyen_entry_set_status", ctx, id=entry["id"], status="under_review")


@freeze_time(SUBMISSIONS_OPEN)
class TestAttachments:
    def test_entrant_attaches_to_draft_only(self):
        contest_org()
        edition = make_edition()
        citizen = factories.User()
        entry = make_entry(citizen, edition)
        with pytest.raises(tk.ValidationError) as e:
            helpers.call_action("thainguyen_entry_attach", as_user(citizen), id=entry["id"], name="Trống")
        assert "url" in e.value.error_dict
        helpers.call_action("thainguyen_entry_attach", as_user(citizen), id=entry["id"],
                            name="Bản vẽ thiết kế", url="https://example.vn/ban-ve.pdf")
        shown = helpers.call_action("package_show", as_user(citizen), id=entry["id"])
        assert [r["name"] for r in shown["resources"]] == ["Bản vẽ thiết kế"]
        # Adding a resource rewrote the dataset: the team's contacts survive it.
        assert shown["team"][0]["email"] == "an.nguyen@example.vn"
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("resource_create", as_user(citizen), package_id=entry["id"],
                                url="https://example.vn/khac.pdf")
        helpers.call_action("thainguyen_entry_submit", as_user(citizen), id=entry["id"])
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("thainguyen_entry_attach", as_user(citizen), id=entry["id"],
                                url="https://example.vn/muon.pdf")
        assert len(helpers.call_action("package_show", id=entry["id"])["resources"]) == 1
