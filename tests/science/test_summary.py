"""thainguyen_funding_summary against an independent computation.

The independent side sums, in Python, the funding of every project that
CKAN's own package_show auth lets the same caller read, so the summary's SQL
and its visibility rule are both checked against CKAN's.
"""
from __future__ import annotations

from collections import defaultdict

import pytest
import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.science.factories import create_project, department_org, site_context

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _context(user):
    return {"user": user["name"], "ignore_auth": False} if user else {"user": "", "ignore_auth": False}


def _search_all(user):
    """The projects ``user`` may read, as CKAN's package_show auth decides."""
    from ckan import model

    visible = {}
    ids = [p.id for p in model.Session.query(model.Package.id).filter_by(type="science-project", state="active")]
    for package_id in ids:
        try:
            visible[package_id] = helpers.call_action("package_show", context=_context(user), id=package_id)
        except tk.NotAuthorized:
            continue
    return visible


def _independent(projects, year_from=None, year_to=None, field=None):
    totals = defaultdict(int)
    by_year = defaultdict(lambda: defaultdict(int))
    by_field = defaultdict(lambda: defaultdict(int))
    for project in projects.values():
        if field and project["field_of_science"] != field:
            continue
        for row in project.get("funding", []):
            if year_from and row["year"] < year_from or year_to and row["year"] > year_to:
                continue
            for key in ("state_budget_vnd", "non_budget_vnd", "disbursed_vnd"):
                totals[key] += row[key]
                by_year[row["year"]][key] += row[key]
                by_field[project["field_of_science"]][key] += row[key]
    return totals, by_year, by_field


def _check(summary, projects, **filters):
    totals, by_year, by_field = _independent(projects, **filters)
    assert summary["totals"]["state_budget_vnd"] == totals["state_budget_vnd"]
    assert summary["totals"]["non_budget_vnd"] == totals["non_budget_vnd"]
    assert summary["totals"]["disbursed_vnd"] == totals["disbursed_vnd"]
    all_funding = totals["state_budget_vnd"] + totals["non_budget_vnd"]
    assert summary["totals"]["total_vnd"] == all_funding
    expected_share = round(totals["non_budget_vnd"] / all_funding, 4) if all_funding else None
    assert summary["totals"]["counterpart_share"] == expected_share
    assert {r["year"]: r["state_budget_vnd"] for r in summary["by_year"]} == {
        y: v["state_budget_vnd"] for y, v in by_year.items()}
    assert {r["field_of_science"]: r["non_budget_vnd"] for r in summary["by_field"]} == {
        f: v["non_budget_vnd"] for f, v in by_field.items()}


@pytest.fixture
def world():
    """Two hosts, public and proposed projects, a science department."""
    department_member = factories.User()
    department_org(users=[{"name": department_member["name"], "capacity": "member"}])
    host_member = factories.User()
    outsider = factories.User()
    host = factories.Organization(users=[{"name": host_member["name"], "capacity": "editor"}])
    other_host = factories.Organization(users=[{"name": outsider["name"], "capacity": "editor"}])
    create_project(host["id"], field_of_science="agricultural", funding=[
        {"year": 2024, "state_budget_vnd": "2 tỷ", "non_budget_vnd": "600 triệu", "disbursed_vnd": "1 tỷ"},
        {"year": 2025, "state_budget_vnd": "3.500.000.000", "non_budget_vnd": 900_000_000},
    ])
    create_project(host["id"], status="proposed", field_of_science="medical_health", funding=[
        {"year": 2025, "state_budget_vnd": "7 tỷ", "non_budget_vnd": "1 tỷ"},
    ])
    create_project(other_host["id"], level="national", field_of_science="engineering_technology",
                   start_date="2023-03-01", end_date="2026-06-30", funding=[
        {"year": 2023, "state_budget_vnd": 1_250_000_000, "non_budget_vnd": 0},
        {"year": 2025, "state_budget_vnd": 4_000_000_000, "non_budget_vnd": 2_000_000_000,
         "disbursed_vnd": 5_000_000_000},
    ])
    create_project(other_host["id"], status="cancelled", funding=[])
    return {"department": department_member, "host_member": host_member,
            "outsider": outsider, "host": host, "other_host": other_host}


class TestVisibilityAndTotals:
    @pytest.mark.parametrize("who, visible", [
        (None, 3), ("outsider", 3), ("host_member", 4), ("department", 4),
    ])
    def test_matches_what_search_shows(self, world, who, visible):
        user = world[who] if who else None
        projects = _search_all(user)
        assert len(projects) == visible
        summary = helpers.call_action("thainguyen_funding_summary", context=_context(user))
        assert summary["totals"]["project_count"] == visible
        _check(summary, projects)

    def test_sysadmin_sees_everything(self, world):
        sysadmin = factories.Sysadmin()
        summary = helpers.call_action("thainguyen_funding_summary", context=_context(sysadmin))
        assert summary["totals"]["project_count"] == 4
        assert summary["totals"]["state_budget_vnd"] == 17_750_000_000

    def test_anonymous_does_not_see_proposed_funding(self, world):
        summary = helpers.call_action("thainguyen_funding_summary", context=_context(None))
        assert summary["totals"]["state_budget_vnd"] == 10_750_000_000
        assert "medical_health" not in {r["field_of_science"] for r in summary["by_field"]}
        assert summary["projects_by_status"] == {"in_progress": 2, "cancelled": 1}

    def test_filters(self, world):
        user = world["department"]
        projects = _search_all(user)
        summary = helpers.call_action("thainguyen_funding_summary", context=_context(user),
                                      year_from=2025, year_to="2025", field_of_science="agricultural")
        _check(summary, projects, year_from=2025, year_to=2025, field="agricultural")
        assert summary["totals"]["project_count"] == 1

        by_host = helpers.call_action("thainguyen_funding_summary", context=_context(user),
                                      owner_org=[world["other_host"]["name"]], level="national")
        assert by_host["totals"]["state_budget_vnd"] == 5_250_000_000
        assert [r["organization_name"] for r in by_host["by_host"]] == [world["other_host"]["name"]]

        proposed = helpers.call_action("thainguyen_funding_summary", context=_context(user),
                                       status=["proposed"])
        assert proposed["totals"]["state_budget_vnd"] == 7_000_000_000

    def test_counterpart_share(self, world):
        summary = helpers.call_action("thainguyen_funding_summary", context=_context(None),
                                      year_from=2024, year_to=2025)
        state, non_budget = 2e9 + 3.5e9 + 4e9, 0.6e9 + 0.9e9 + 2e9
        assert summary["totals"]["counterpart_share"] == round(non_budget / (state + non_budget), 4)

    @pytest.mark.parametrize("bad, field", [
        ({"year_from": "abc"}, "year_from"),
        ({"year_from": 2026, "year_to": 2024}, "year_to"),
        ({"field_of_science": "astrology"}, "field_of_science"),
        ({"owner_org": "khong-ton-tai"}, "owner_org"),
        ({"status": ["done"]}, "status"),
    ])
    def test_bad_filters_are_field_errors(self, world, bad, field):
        with pytest.raises(tk.ValidationError) as info:
            helpers.call_action("thainguyen_funding_summary", context=_context(None), **bad)
        assert field in info.value.error_dict


class TestTableFollowsDatasets:
    def test_update_and_delete_change_the_summary(self):
        org = factories.Organization()
        project = create_project(org["id"], funding=[{"year": 2025, "state_budget_vnd": "1 tỷ"}])
        summary = lambda: helpers.call_action("thainguyen_funding_summary", context=site_context())  # noqa: E731
        assert summary()["totals"]["state_budget_vnd"] == 1_000_000_000

        helpers.call_action("package_patch", context=site_context(), id=project["id"],
                            funding=[{"year": 2025, "state_budget_vnd": "54 tỷ"}])
        assert summary()["totals"]["state_budget_vnd"] == 54_000_000_000

        helpers.call_action("package_delete", context=site_context(), id=project["name"])
        assert summary()["totals"]["project_count"] == 0

    def test_failed_update_leaves_the_figures(self):
        org = factories.Organization()
        project = create_project(org["id"], funding=[{"year": 2025, "state_budget_vnd": "1 tỷ"}])
        with pytest.raises(tk.ValidationError):
            helpers.call_action("package_patch", context=site_context(), id=project["id"],
                                funding=[{"year": 2025, "state_budget_vnd": "nhiều"}])
        summary = helpers.call_action("thainguyen_funding_summary", context=site_context())
        assert summary["totals"]["state_budget_vnd"] == 1_000_000_000

    def test_rebuild_command(self, cli):
        import ckan.cli.cli
        from ckan import model

        org = factories.Organization()
        create_project(org["id"])
        model.Session.execute(sa.text("DELETE FROM thainguyen_project_funding"))
        model.Session.execute(sa.text("DELETE FROM thainguyen_science_project"))
        model.Session.commit()
        assert helpers.call_action("thainguyen_funding_summary", context=site_context())["totals"]["project_count"] == 0
        result = cli.invoke(ckan.cli.cli.ckan, ["thainguyen", "rebuild-funding"])
        assert result.exit_code == 0, result.output
        assert "science projects: 1" in result.output
        totals = helpers.call_action("thainguyen_funding_summary", context=site_context())["totals"]
        assert totals["state_budget_vnd"] == 3_000_000_000
