"""A dataset goes through the real Solr: created, indexed, found, faceted."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.catalogue.factories import catalogue_entry


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestRealSolr:
    def test_created_dataset_is_found_by_search(self):
        dataset = catalogue_entry("open", title="Cơ sở dữ liệu đất đai")
        result = helpers.call_action("package_search", q="đất đai")
        assert result["count"] == 1
        assert result["results"][0]["id"] == dataset["id"]

        assert helpers.call_action("package_search", q="xyzzyquux")["count"] == 0

    def test_search_facets_come_from_solr(self):
        org = factories.Organization()
        for _ in range(3):
            catalogue_entry("open", owner_org=org["id"], tags=[{"name": "moi-truong"}])
        result = helpers.call_action(
            "package_search", q="*:*", **{"facet.field": '["tags", "organization"]'}
        )
        assert result["facets"]["tags"] == {"moi-truong": 3}
        assert result["facets"]["organization"] == {org["name"]: 3}


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestPermissionLabelsStayHidden:
    """Labels name who created an entry and who holds a grant: not for listing."""

    @pytest.mark.parametrize("params", [
        {"facet.field": '["permission_labels"]'},
        {"facet.field": ["organization", "permission_labels"]},
        {"fl": "id,name,permission_labels"},
        {"fl": ["id", "permission_labels"]},
    ])
    def test_refused_as_facet_or_field_for_everyone_but_sysadmins(self, params):
        catalogue_entry("special")
        citizen = factories.User()
        for context in ({"user": "", "ignore_auth": False},
                        {"user": citizen["name"], "ignore_auth": False}):
            with pytest.raises(tk.ValidationError) as refused:
                helpers.call_action("package_search", context, q="*:*", **params)
            assert set(refused.value.error_dict) & {"facet.field", "fl"}
        sysadmin = factories.Sysadmin()
        result = helpers.call_action("package_search", {"user": sysadmin["name"],
                                                        "ignore_auth": False}, q="*:*", **params)
        assert result["count"] == 1

    def test_the_api_answers_409_with_the_field(self, app):
        catalogue_entry("special")
        response = app.get("/api/3/action/package_search",
                           query_string={"facet.field": '["permission_labels"]'}, status=409)
        assert "facet.field" in response.json["error"]
