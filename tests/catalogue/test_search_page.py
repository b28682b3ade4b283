"""/dataset is the catalogue: other record types have pages of their own."""
from __future__ import annotations

import pytest

from ckan.tests import factories

from tests.catalogue.factories import catalogue_entry
from tests.science.factories import create_project

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def test_dataset_search_page_lists_catalogue_entries_only(app):
    entry = catalogue_entry("open", title="Cơ sở dữ liệu quan trắc không khí")
    project = create_project(factories.Organization()["id"], status="approved",
                             title="Nghiên cứu giống chè Tân Cương")

    html = app.get("/dataset/").body
    assert f'href="/dataset/{entry["name"]}"' in html
    assert project["name"] not in html

    assert project["name"] in app.get("/science-project/").body
