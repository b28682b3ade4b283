"""A dataset goes through the real Solr: created, indexed, found, faceted."""
from __future__ import annotations

import pytest

from ckan.tests import factories, helpers


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestRealSolr:
    def test_created_dataset_is_found_by_search(self):
        org = factories.Organization()
        dataset = factories.Dataset(
            owner_org=org["id"],
            title="Cơ sở dữ liệu đất đai",
            sharing_mode="open",
            license_id="cc-by",
        )
        result = helpers.call_action("package_search", q="đất đai")
        assert result["count"] == 1
        assert result["results"][0]["id"] == dataset["id"]

        assert helpers.call_action("package_search", q="khong-co-that")["count"] == 0

    def test_search_facets_come_from_solr(self):
        org = factories.Organization()
        for n in range(3):
            factories.Dataset(owner_org=org["id"], sharing_mode="open",
                              license_id="cc-by", tags=[{"name": "moi-truong"}])
        result = helpers.call_action(
            "package_search", q="*:*", **{"facet.field": '["tags", "organization"]'}
        )
        assert result["facets"]["tags"] == {"moi-truong": 3}
        assert result["facets"]["organization"] == {org["name"]: 3}
