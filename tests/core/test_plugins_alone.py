"""Each plugin of the distribution loads and works without the others it does not need.

``thainguyen`` (catalogue, sharing modes, access requests) stands alone;
``thainguyen_contest`` and ``thainguyen_science`` each need only ``thainguyen``.
"""
from __future__ import annotations

import pytest

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories, helpers

from ckanext.thainguyen.core import permissions
from tests.catalogue.factories import catalogue_entry
from tests.contest.factories import contest_org, make_edition
from tests.science.factories import create_project, department_org

BASE = "activity scheming_datasets thainguyen"
SCHEMAS = {
    "catalogue": "ckanext.thainguyen.schemas:catalogue.yaml",
    "contest": "ckanext.thainguyen.schemas:innovation_entry.yaml",
    "science": "ckanext.thainguyen.schemas:science_project.yaml",
}
CONTEST_ACTION = "thainguyen_contest_edition_list"
SCIENCE_ACTION = "thainguyen_funding_summary"


def _serves(app, blueprint: str) -> bool:
    return any(rule.endpoint.startswith(blueprint + ".") for rule in app.flask_app.url_map.iter_rules())


def _has_action(name: str) -> bool:
    try:
        tk.get_action(name)
    except (KeyError, AttributeError):
        return False
    return True


def _catalogue_still_works() -> None:
    entry = catalogue_entry("default", shared_with=["all"],
                            resources=[{"name": "Dữ liệu", "url": "https://data.example/secret.csv"}])
    shown = helpers.call_action("package_show", context={"user": "", "ignore_auth": False}, id=entry["id"])
    # Metadata public, data withheld from an anonymous visitor.
    assert shown["sharing_mode"] == "default"
    assert shown["resources"][0]["url"] == ""
    found = helpers.call_action("package_search", context={"user": "", "ignore_auth": False}, q=f"name:{entry['name']}")
    assert found["count"] == 1


@pytest.mark.ckan_config("ckan.plugins", BASE)
@pytest.mark.ckan_config("scheming.dataset_schemas", SCHEMAS["catalogue"])
@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestSharingModesAlone:
    def test_only_the_sharing_plugin_is_loaded(self):
        assert p.plugin_loaded("thainguyen")
        assert not p.plugin_loaded("thainguyen_contest")
        assert not p.plugin_loaded("thainguyen_science")

    def test_catalogue_and_access_requests_work(self):
        _catalogue_still_works()
        entry = catalogue_entry("special")
        user = factories.User()
        request = helpers.call_action(
            "thainguyen_access_request_create", context={"user": user["name"]},
            package_id=entry["id"], purpose="Quy hoạch", legal_basis="Luật Dữ liệu 2024",
            period_start="2026-01-01", period_end="2026-06-30")
        assert request["status"] == "pending"

    def test_no_contest_or_science_action_page_or_label(self, app):
        assert not _has_action(CONTEST_ACTION)
        assert not _has_action(SCIENCE_ACTION)
        assert not _serves(app, "thainguyen_contest")
        assert not _serves(app, "thainguyen_science")
        user = factories.User()
        labels = permissions.get_user_dataset_labels(model.User.get(user["name"]))
        assert labels and not [label for label in labels if label.startswith(
            ("thainguyen-judge-", "thainguyen-organiser-", "thainguyen-science-"))]


@pytest.mark.ckan_config("ckan.plugins", BASE + " thainguyen_contest")
@pytest.mark.ckan_config("scheming.dataset_schemas", f"{SCHEMAS['catalogue']} {SCHEMAS['contest']}")
@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestContestWithSharingModes:
    def test_contest_works_beside_the_catalogue(self, app):
        contest_org()
        edition = make_edition()
        listed = helpers.call_action(CONTEST_ACTION, context={"user": ""})
        assert [e["name"] for e in listed] == [edition["name"]]
        assert app.get(f"/contest/{edition['name']}", status=200)
        _catalogue_still_works()

    def test_no_science_action_or_page(self, app):
        assert not _has_action(SCIENCE_ACTION)
        assert not _serves(app, "thainguyen_science")


@pytest.mark.ckan_config("ckan.plugins", BASE + " thainguyen_science")
@pytest.mark.ckan_config("scheming.dataset_schemas", f"{SCHEMAS['catalogue']} {SCHEMAS['science']}")
@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestScienceWithSharingModes:
    def test_science_works_beside_the_catalogue(self, app):
        host = factories.Organization()
        department_org()
        create_project(host["name"])
        summary = helpers.call_action(SCIENCE_ACTION, context={"user": ""})
        # The factory's project: 1 tỷ in 2024 and 2 tỷ in 2025 of state budget.
        assert summary["totals"]["state_budget_vnd"] == 3_000_000_000
        assert summary["totals"]["project_count"] == 1
        assert app.get("/science/funding", status=200)
        _catalogue_still_works()

    def test_no_contest_action_or_page(self, app):
        assert not _has_action(CONTEST_ACTION)
        assert not _serves(app, "thainguyen_contest")
