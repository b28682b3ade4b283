"""A dataset goes through the real Solr: created, indexed, found, faceted."""
from __future__ import annotations

import pytest

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
