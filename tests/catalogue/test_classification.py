"""Unclassified means untouched: the catalogue's rules apply from the write
that sets a sharing mode, and on every write after it."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins")


@pytest.fixture
def editor():
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    return {"user": user["name"], "ignore_auth": False}, org


def _errors(context, action, **data):
    with pytest.raises(tk.ValidationError) as info:
        helpers.call_action(action, dict(context), **data)
    return info.value.error_dict


def test_unclassified_datasets_are_written_as_ckan_writes_them(editor):
    context, org = editor
    created = helpers.call_action("package_create", dict(context), name="cu", owner_org=org["id"],
                                  private=True, license_id="other-closed",
                                  resources=[{"url": "https://data.example.org/a.csv"}])
    # Blank catalogue fields, as a form sends them, are not stored.
    updated = helpers.call_action("package_patch", dict(context), id="cu", catalogue_code="",
                                  sharing_mode="", sector="", managing_unit=" ")
    assert updated["private"] is True and created["private"] is True
    assert not {"catalogue_code", "sharing_mode", "sector", "managing_unit"} & set(updated)
    assert not {"catalogue_code", "sharing_mode", "sector"} & set(model.Package.get("cu").extras)


def test_setting_a_mode_brings_the_catalogue_rules(editor):
    context, org = editor
    helpers.call_action("package_create", dict(context), name="cu", owner_org=org["id"],
                        private=True, license_id="other-closed")
    errors = _errors(context, "package_patch", id="cu", sharing_mode="open")
    assert set(errors) == {"catalogue_code", "license_id"}
    assert model.Package.get("cu").extras.get("sharing_mode") is None

    classified = helpers.call_action("package_patch", dict(context), id="cu", sharing_mode="special",
                                     catalogue_code="TN-CSDL-900", access_conditions="Có văn bản",
                                     approving_authority="Giám đốc Sở")
    assert classified["private"] is True and classified["catalogue_code"] == "TN-CSDL-900"


def test_a_classified_entry_cannot_fall_back_to_unclassified(editor):
    context, org = editor
    helpers.call_action("package_create", dict(context), name="muc", owner_org=org["id"],
                        sharing_mode="open", catalogue_code="TN-CSDL-901", license_id="cc-by")
    assert set(_errors(context, "package_patch", id="muc", sharing_mode="")) == {"sharing_mode"}
    assert set(_errors(context, "package_patch", id="muc", catalogue_code="")) == {"catalogue_code"}
    # A whole update that leaves the mode out is refused too.
    shown = helpers.call_action("package_show", dict(context), id="muc")
    shown.pop("sharing_mode")
    assert set(_errors(context, "package_update", **shown)) == {"sharing_mode"}
    assert model.Package.get("muc").extras["sharing_mode"] == "open"
