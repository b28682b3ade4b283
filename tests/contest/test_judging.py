"""Judges, score sheets, the ranking and the statistics of an edition."""
from __future__ import annotations

import unicodedata

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.contest.factories import (
    CRITERIA, JUDGING, SUBMISSIONS_OPEN, as_user, assign,
    contest_org, make_edition, make_entry,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _submitted_entries(edition, n):
    entries = []
    for i in range(n):
        with freeze_time(f"2025-04-01 10:{i:02d}:00"):
            user = factories.User()
            entry = make_entry(user, edition, title=f"Giải pháp số {i + 1}",
                               contest_category="nong-nghiep" if i % 2 else "chuyen-doi-so",
                               entrant_type="student" if i % 3 == 0 else "company")
            helpers.call_action("thainguyen_entry_submit", as_user(user), id=entry["id"])
        entries.append(entry)
    return entries


@pytest.fixture
def jury():
    with freeze_time(SUBMISSIONS_OPEN):
        contest_org()
        edition = make_edition()
        organiser = factories.User()
        assign("organiser", edition, organiser)
        judges = [factories.User() for _ in range(3)]
        for judge in judges:
            assign("judge", edition, judge)
    return edition, organiser, judges


def _score(judge, entry, novelty, feasibility, impact, comment=""):
    return helpers.call_action(
        "thainguyen_entry_score", as_user(judge), id=entry["id"],
        scores={"novelty": novelty, "feasibility": feasibility, "impact": impact},
        comment=comment)



def _staff_of_university(judge, **org_fields):
    """The judge's own organisation, as a CKAN organisation they are a member of."""
    university = factories.Organization(title="Đại học Thái Nguyên", **org_fields)
    helpers.call_action("member_create", id=university["id"], object=judge["name"],
                        object_type="user", capacity="member")
    return university

class TestScoreSheet:
    def test_one_sheet_per_judge_editable_until_publication(self, jury):
        edition, organiser, judges = jury
        (entry,) = _submitted_entries(edition, 1)
        with freeze_time(JUDGING):
            first = _score(judges[0], entry, 8, 6, 9, "Tốt")
            assert first["score"] == pytest.approx((30 * 8 + 25 * 6 + 45 * 9) / 100)
            _score(judges[0], entry, 7, 7, 7, "Sửa lại")
            mine = helpers.call_action("thainguyen_judge_assignments", as_user(judges[0]),
                                       id=edition["id"])
            assert [(m["id"], m["scores"], m["comment"]) for m in mine] == [
                (entry["id"], {"novelty": 7, "feasibility": 7, "impact": 7}, "Sửa lại")]
            results = helpers.call_action("thainguyen_contest_results", as_user(organiser),
                                          id=edition["id"])
            assert [(r["id"], r["sheets"], r["score"]) for r in results["ranking"]] == [
                (entry["id"], 1, 7.0)]
            helpers.call_action("thainguyen_contest_publish_results", as_user(organiser),
                                id=edition["id"])
            with pytest.raises(tk.ValidationError):
                _score(judges[0], entry, 10, 10, 10)
        results = helpers.call_action("thainguyen_contest_results", as_user(None), id=edition["id"])
        assert results["ranking"][0]["score"] == 7.0

    @pytest.mark.parametrize("scores, field", [
        ({"novelty": 11, "feasibility": 5, "impact": 5}, "novelty"),
        ({"novelty": -1, "feasibility": 5, "impact": 5}, "novelty"),
        ({"novelty": "mười", "feasibility": 5, "impact": 5}, "novelty"),
        ({"novelty": 5, "impact": 5}, "feasibility"),
        ({"novelty": 5, "feasibility": 5, "impact": 5, "beauty": 9}, "scores"),
    ])
    def test_bad_sheets_are_refused_and_not_stored(self, jury, scores, field):
        edition, organiser, judges = jury
        (entry,) = _submitted_entries(edition, 1)
        with freeze_time(JUDGING):
            with pytest.raises(tk.ValidationError) as e:
                helpers.call_action("thainguyen_entry_score", as_user(judges[0]),
                                    id=entry["id"], scores=scores)
            assert field in e.value.error_dict
            mine = helpers.call_action("thainguyen_judge_assignments", as_user(judges[0]),
                                       id=edition["id"])
            assert mine[0]["scores"] is None

    def test_no_scoring_before_judging_opens(self, jury):
        edition, organiser, judges = jury
        (entry,) = _submitted_entries(edition, 1)
        with freeze_time(SUBMISSIONS_OPEN):
            with pytest.raises(tk.ValidationError) as e:
                _score(judges[0], entry, 5, 5, 5)
            assert "status" in e.value.error_dict

    def test_conflicts_of_interest(self, jury):
        edition, organiser, judges = jury
        judge = judges[0]
        _staff_of_university(judge)
        with freeze_time(SUBMISSIONS_OPEN):
            own = make_entry(judge, edition, team=[{"name": "Giám khảo", "organisation": "Khác"}])
            helpers.call_action("thainguyen_entry_submit", as_user(judge), id=own["id"])
            colleague = factories.User()
            same_org = make_entry(colleague, edition, team=[
                {"name": "Đồng nghiệp", "organisation": "đại học thái nguyên"}])
            helpers.call_action("thainguyen_entry_submit", as_user(colleague), id=same_org["id"])
            stranger = factories.User()
            fine = make_entry(stranger, edition, team=[{"name": "Người dân", "organisation": "HTX"}])
            helpers.call_action("thainguyen_entry_submit", as_user(stranger), id=fine["id"])
        with freeze_time(JUDGING):
            for entry in (own, same_org):
                with pytest.raises(tk.NotAuthorized):
                    _score(judge, entry, 9, 9, 9)
            _score(judge, fine, 9, 9, 9)
            listed = helpers.call_action("thainguyen_judge_assignments", as_user(judge), id=edition["id"])
            assert [m["id"] for m in listed] == [fine["id"]]
            # The other judges have no conflict with the colleague's entry.
            _score(judges[1], same_org, 5, 5, 5)

    @pytest.mark.parametrize("typed", [
        "Đại học  Thái Nguyên",                                   # double space
        "Dai hoc Thai Nguyen",                                    # no diacritics
        unicodedata.normalize("NFD", "Đại học Thái Nguyên"),      # decomposed Unicode
        "Đại học Thái Nguyên (TNU)",                              # a suffix
        "Đại học Thái\u200bNguyên",                               # zero-width space
        "ĐẠI HỌC THÁI NGUYÊN",                                    # another case
        "Đại\u00adhọc Thái Nguyên\ufeff.",                        # soft hyphen, BOM, punctuation
    ])
    def test_conflicts_are_found_however_the_organisation_is_typed(self, jury, typed):
        edition, organiser, judges = jury
        judge = judges[0]
        _staff_of_university(judge)
        with freeze_time(SUBMISSIONS_OPEN):
            colleague = factories.User()
            entry = make_entry(colleague, edition, team=[{"name": "Đồng nghiệp", "organisation": typed}])
            helpers.call_action("thainguyen_entry_submit", as_user(colleague), id=entry["id"])
        with freeze_time(JUDGING):
            with pytest.raises(tk.NotAuthorized):
                _score(judge, entry, 9, 9, 9)
            listed = helpers.call_action("thainguyen_judge_assignments", as_user(judge), id=edition["id"])
            assert listed == []
            _score(judges[1], entry, 5, 5, 5)

    @pytest.mark.parametrize("typed", [
        "Đại học Bách khoa Hà Nội", "Đại học Thái Bình", "Trường Cao đẳng Thái Nguyên", "Công ty TNHH",
    ])
    def test_another_organisation_is_no_conflict(self, jury, typed):
        edition, organiser, judges = jury
        _staff_of_university(judges[0])
        with freeze_time(SUBMISSIONS_OPEN):
            entrant = factories.User()
            entry = make_entry(entrant, edition, team=[{"name": "Người dân", "organisation": typed}])
            helpers.call_action("thainguyen_entry_submit", as_user(entrant), id=entry["id"])
        with freeze_time(JUDGING):
            assert _score(judges[0], entry, 9, 9, 9)["score"] == 9

    def test_a_chosen_organisation_is_compared_by_id(self, jury):
        edition, organiser, judges = jury
        sysadmin = factories.Sysadmin()
        university = _staff_of_university(judges[0], name="dai-hoc-thai-nguyen")
        with freeze_time(SUBMISSIONS_OPEN):
            entrant = factories.User()
            entry = make_entry(entrant, edition, team=[
                {"name": "Đồng nghiệp", "organisation": "Đại học Thái Nguyên",
                 "organisation_id": "not-what-the-caller-says"},
                {"name": "Bạn", "organisation": "HTX Chè Tân Cương"}])
            shown = helpers.call_action("package_show", as_user(entrant), id=entry["id"])
            assert [m.get("organisation_id") for m in shown["team"]] == [university["id"], None]
            helpers.call_action("thainguyen_entry_submit", as_user(entrant), id=entry["id"])
        # Renamed after the entry was sent: the recorded id still finds the conflict.
        helpers.call_action("organization_patch", {"user": sysadmin["name"]}, id=university["id"],
                            title="Thai Nguyen University")
        with freeze_time(JUDGING):
            with pytest.raises(tk.NotAuthorized):
                _score(judges[0], entry, 9, 9, 9)

    def test_scores_hidden_until_publication(self, jury):
        edition, organiser, judges = jury
        (entry,) = _submitted_entries(edition, 1)
        entrant = {"name": entry["creator_user_id"]}
        with freeze_time(JUDGING):
            _score(judges[0], entry, 5, 5, 5)
            for user in (entrant, factories.User(), None, judges[1]):
                with pytest.raises(tk.NotAuthorized):
                    helpers.call_action("thainguyen_contest_results", as_user(user), id=edition["id"])
            shown = helpers.call_action("package_show", as_user(entrant), id=entry["id"])
            assert not any("score" in key for key in shown)


class TestRanking:
    def test_weighted_means_match_an_independent_computation(self, jury):
        edition, organiser, judges = jury
        entries = _submitted_entries(edition, 4)
        sheets = {  # entry index -> [(judge index, novelty, feasibility, impact)]
            0: [(0, 8, 7, 9), (1, 6.5, 8, 7), (2, 9, 9, 8.5)],
            1: [(0, 10, 2, 4), (1, 7, 7, 7)],
            2: [(0, 3, 4, 5), (1, 4, 4, 4), (2, 5, 6, 2)],
            3: [(2, 9.5, 9, 9)],
        }
        with freeze_time(JUDGING):
            for i, rows in sheets.items():
                for j, *scores in rows:
                    _score(judges[j], entries[i], *scores)
            ranking = helpers.call_action("thainguyen_contest_results", as_user(organiser),
                                          id=edition["id"])["ranking"]
        weights = [c["weight"] for c in CRITERIA]
        expected = {
            entries[i]["id"]: sum(sum(w * s for w, s in zip(weights, row[1:])) / 100 for row in rows) / len(rows)
            for i, rows in sheets.items()
        }
        order = sorted(expected, key=lambda k: -expected[k])
        assert [r["id"] for r in ranking] == order
        assert [r["rank"] for r in ranking] == [1, 2, 3, 4]
        for row in ranking:
            assert row["score"] == pytest.approx(expected[row["id"]], abs=1e-4)
        first = next(r for r in ranking if r["id"] == entries[0]["id"])
        assert first["criteria"]["novelty"] == pytest.approx((8 + 6.5 + 9) / 3)

    def test_ties_more_sheets_then_earlier_submission(self, jury):
        edition, organiser, judges = jury
        early, late, crowded = _submitted_entries(edition, 3)
        with freeze_time(JUDGING):
            for entry in (late, early):
                _score(judges[0], entry, 6, 6, 6)
            _score(judges[0], crowded, 6, 6, 6)
            _score(judges[1], crowded, 6, 6, 6)
            ranking = helpers.call_action("thainguyen_contest_results", as_user(organiser),
                                          id=edition["id"])["ranking"]
        assert [r["id"] for r in ranking] == [crowded["id"], early["id"], late["id"]]
        assert {r["score"] for r in ranking} == {6.0}

    def test_withdrawn_and_unscored_entries_are_not_ranked(self, jury):
        edition, organiser, judges = jury
        scored, withdrawn, unscored = _submitted_entries(edition, 3)
        with freeze_time(JUDGING):
            _score(judges[0], scored, 5, 5, 5)
            _score(judges[0], withdrawn, 9, 9, 9)
            helpers.call_action("thainguyen_entry_withdraw",
                                as_user({"name": withdrawn["creator_user_id"]}), id=withdrawn["id"])
            ranking = helpers.call_action("thainguyen_contest_results", as_user(organiser),
                                          id=edition["id"])["ranking"]
        assert [r["id"] for r in ranking] == [scored["id"]]


class TestStats:
    def test_counts_and_progress(self, jury):
        edition, organiser, judges = jury
        entries = _submitted_entries(edition, 3)
        with freeze_time(SUBMISSIONS_OPEN):
            make_entry(factories.User(), edition, title="Còn nháp")
        with freeze_time(JUDGING):
            _score(judges[0], entries[0], 5, 5, 5)
            _score(judges[1], entries[0], 5, 5, 5)
            _score(judges[0], entries[1], 5, 5, 5)
            stats = helpers.call_action("thainguyen_contest_stats", as_user(organiser), id=edition["id"])
        assert stats["total"] == 4
        assert stats["by_status"] == {"submitted": 3, "draft": 1}
        assert stats["by_category"] == {"chuyen-doi-so": 2, "nong-nghiep": 1}
        assert stats["by_entrant_type"] == {"student": 1, "company": 2}
        assert stats["judges"] == 3
        assert stats["scoring"] == {"entries": 3, "sheets_expected": 9, "sheets_done": 3,
                                    "entries_unscored": 1}


def test_judge_removal_refused_once_scored(jury):
    edition, organiser, judges = jury
    (entry,) = _submitted_entries(edition, 1)
    with freeze_time(JUDGING):
        _score(judges[0], entry, 5, 5, 5)
    with pytest.raises(tk.ValidationError):
        helpers.call_action("thainguyen_judge_assign", as_user(organiser), id=edition["id"],
                            user=judges[0]["name"], remove=True)
    removed = helpers.call_action("thainguyen_judge_assign", as_user(organiser), id=edition["id"],
                                  user=judges[2]["name"], remove=True)
    assert sorted(removed["users"]) == sorted([judges[0]["name"], judges[1]["name"]])
