"""Malformed catalogue entries are refused field by field (issue 9):
text that cannot be stored, text longer than its field's limit, and
non-text values for text fields, through every record type's one guard."""
from __future__ import annotations

import pytest
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories

from tests.catalogue.factories import catalogue_entry

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _refused(**fields):
    before = model.Session.query(model.Package).count()
    with pytest.raises(tk.ValidationError) as refusal:
        catalogue_entry("open", **fields)
    assert model.Session.query(model.Package).count() == before
    return refusal.value.error_dict


@pytest.mark.parametrize("notes", [["a", "b"], 42, True, {"vi": "Mô tả"}])
def test_a_description_must_be_text(notes):
    assert list(_refused(notes=notes)) == ["notes"]


def test_a_megabyte_title_is_refused_before_postgresql_sees_it():
    assert list(_refused(title="t" * (1 << 20))) == ["title"]


def test_a_megabyte_description_is_refused_before_solr_sees_it():
    assert "notes" in _refused(notes="n" * (1 << 20))


@pytest.mark.parametrize("text", ["Trung tâm\x00CNTT", "Trung tâm \ud800"])
def test_text_that_cannot_be_stored_is_refused(text):
    assert list(_refused(managing_unit=text)) == ["managing_unit"]


def test_a_long_description_within_the_limit_is_kept():
    notes = "Mô tả." * 1300  # 7,800 characters, under the 8,000 limit
    assert catalogue_entry("open", notes=notes)["notes"] == notes


def test_the_refusal_is_in_vietnamese_over_the_api(app):
    sysadmin = factories.Sysadmin()
    token = factories.APIToken(user=sysadmin["name"])["token"]
    response = app.post("/api/3/action/package_create", headers={"Authorization": token},
                        json={"type": "dataset", "name": "mo-ta-la-danh-sach", "notes": ["x"]})
    assert response.status_code == 409
    assert response.json["error"]["notes"] == ["Hãy nhập văn bản"]


def _api(app, action, data):
    token = factories.APIToken(user=factories.Sysadmin()["name"])["token"]
    before = model.Session.query(model.Package).count(), model.Session.query(model.Resource).count()
    response = app.post(f"/api/3/action/{action}", headers={"Authorization": token}, json=data)
    model.Session.remove()
    after = model.Session.query(model.Package).count(), model.Session.query(model.Resource).count()
    assert after == before
    return response


@pytest.mark.parametrize("field, value", [
    ("type", ["dataset"]), ("id", {"id": "x"}), ("name", 7), ("owner_org", True),
    ("resources", None), ("resources", ["http://example.org/a.csv"]),
    ("tags", [{"name": "moi-truong"}, "dat-dai"]), ("extras", "x"),
])
def test_keys_ckan_reads_before_validating_get_a_field_error(app, field, value):
    # CKAN's package_create looks the plugin up by type, and walks resources
    # for uploads, before any validator: these were 500s.
    entry = dict(catalogue_entry("open"))
    for action, data in (("package_create", {"type": "dataset", "name": "khoa-tho", field: value}),
                         ("package_update", dict(entry, **{field: value}))):
        if action == "package_update" and field in ("id", "name"):
            continue
        response = _api(app, action, data)
        assert response.status_code == 409, (action, response.json)
        assert field in response.json["error"], (action, response.json)


@pytest.mark.parametrize("field, value", [("url", {"u": 1}), ("package_id", ["x"]), ("id", 3)])
def test_resource_keys_read_before_validating_get_a_field_error(app, field, value):
    entry = catalogue_entry("open")
    data = {"package_id": entry["id"], "url": "http://example.org/a.csv", field: value}
    action = "resource_update" if field == "id" else "resource_create"
    response = _api(app, action, data)
    assert response.status_code == 409, response.json
    assert field in response.json["error"]
