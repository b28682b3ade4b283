"""The catalogue schema's validators, through package_create/update."""
from __future__ import annotations

import itertools

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories, helpers

from tests.catalogue import world as sharing_world


@pytest.fixture(scope="module", autouse=True)
def catalogue_site(reset_db, migrate_db_for, reset_index):
    """One clean site for the module: every test uses its own names and codes."""
    with sharing_world.configured():
        sharing_world.reset_site(reset_db, migrate_db_for, reset_index)


pytestmark = pytest.mark.usefixtures("with_plugins")

_codes = itertools.count(1)


def _entry(org, **fields):
    data = dict(
        name=fields.pop("name", None) or f"entry-{factories.Dataset.stub().name}",
        owner_org=org["id"],
        catalogue_code=f"TN-VAL-{next(_codes):03d}",
        sharing_mode="open",
        license_id="cc-by",
    )
    data.update(fields)
    return data


def _call(action, **data):
    # An acting user, as in real life (activities need one).
    admin = factories.Sysadmin()
    return helpers.call_action(action, {"user": admin["name"]}, **data)


def _errors(data):
    with pytest.raises(tk.ValidationError) as info:
        _call("package_create", **data)
    return info.value.error_dict


class TestCatalogueCode:
    def test_required(self):
        org = factories.Organization()
        errors = _errors(_entry(org, catalogue_code=""))
        assert list(errors) == ["catalogue_code"]

    @pytest.mark.parametrize("code", ["TN CSDL 001", "TN-CSDL", "CSDL-1", "TN--001", "Đ-CSDL-001"])
    def test_format(self, code):
        org = factories.Organization()
        assert list(_errors(_entry(org, catalogue_code=code))) == ["catalogue_code"]

    def test_normalised_to_capitals(self):
        org = factories.Organization()
        created = _call("package_create", **_entry(org, catalogue_code=" tn-csdl-042 "))
        assert created["catalogue_code"] == "TN-CSDL-042"

    def test_duplicate_rejected_with_the_holder_named(self):
        org = factories.Organization()
        first = _call("package_create", **_entry(org, name="first-entry",
                                                 catalogue_code="TN-DUP-001"))
        errors = _errors(_entry(org, name="second-entry", catalogue_code="tn-dup-001"))
        assert list(errors) == ["catalogue_code"]
        assert "first-entry" in errors["catalogue_code"][0]
        # Updating the holder itself keeps its code.
        updated = _call("package_patch", id=first["id"], title="Renamed")
        assert updated["catalogue_code"] == "TN-DUP-001"

    def test_code_of_a_deleted_entry_is_free_again(self):
        org = factories.Organization()
        first = _call("package_create", **_entry(org, name="deleted-entry",
                                                 catalogue_code="TN-DEL-001"))
        _call("package_delete", id=first["id"])
        again = _call("package_create", **_entry(org, name="reborn-entry",
                                                 catalogue_code="TN-DEL-001"))
        assert again["catalogue_code"] == "TN-DEL-001"


class TestSharingModeRules:
    def test_mode_must_be_a_choice_and_stays_once_chosen(self):
        org = factories.Organization()
        assert list(_errors(_entry(org, sharing_mode="secret"))) == ["sharing_mode"]
        # Without a mode the dataset is unclassified (test_classification.py);
        # once chosen, the mode cannot be taken away.
        created = _call("package_create", **_entry(org))
        with pytest.raises(tk.ValidationError) as info:
            _call("package_patch", id=created["id"], sharing_mode="")
        assert list(info.value.error_dict) == ["sharing_mode"]

    @pytest.mark.parametrize("license_id", ["other-closed", "notspecified", "", "no-such-licence"])
    def test_open_needs_an_open_licence(self, license_id):
        org = factories.Organization()
        errors = _errors(_entry(org, license_id=license_id))
        assert list(errors) == ["license_id"]

    @pytest.mark.parametrize("license_id", ["cc-by", "odc-odbl", "cc-zero", "other-open"])
    def test_open_accepts_open_licences(self, license_id):
        org = factories.Organization()
        created = _call("package_create", **_entry(org, license_id=license_id))
        assert created["private"] is False

    def test_default_needs_shared_with(self):
        org = factories.Organization()
        errors = _errors(_entry(org, sharing_mode="default", license_id="other-closed"))
        assert list(errors) == ["shared_with"]

    def test_default_shared_with_names_become_ids(self):
        org = factories.Organization()
        partner = factories.Organization()
        created = _call("package_create", **_entry(
            org, sharing_mode="default", license_id="other-closed",
            shared_with=[partner["name"]]))
        assert created["shared_with"] == [partner["id"]]
        assert created["private"] is True

    def test_default_shared_with_all(self):
        org = factories.Organization()
        created = _call("package_create", **_entry(
            org, sharing_mode="default", shared_with="all"))
        assert created["shared_with"] == ["all"]

    def test_default_shared_with_unknown_agency(self):
        org = factories.Organization()
        errors = _errors(_entry(org, sharing_mode="default", shared_with=["khong-ton-tai"]))
        assert list(errors) == ["shared_with"]

    def test_special_needs_conditions_and_authority(self):
        org = factories.Organization()
        errors = _errors(_entry(org, sharing_mode="special"))
        assert set(errors) == {"access_conditions", "approving_authority"}
        errors = _errors(_entry(org, sharing_mode="special", access_conditions="Cơ quan y tế"))
        assert set(errors) == {"approving_authority"}
        created = _call("package_create", **_entry(
            org, sharing_mode="special", access_conditions="Cơ quan y tế",
            approving_authority="Giám đốc Sở Y tế"))
        assert created["private"] is True

    def test_private_flag_is_derived_never_set_by_hand(self):
        org = factories.Organization()
        opened = _call("package_create", **_entry(org, private=True))
        assert opened["private"] is False
        closed = _call("package_patch", id=opened["id"], private=False,
                                     sharing_mode="default", shared_with="all")
        assert closed["private"] is True
        assert model.Package.get(opened["id"]).private is True
        still = _call("package_patch", id=opened["id"], private=False)
        assert still["private"] is True

    def test_errors_are_field_level_for_every_rule_at_once(self):
        org = factories.Organization()
        errors = _errors(_entry(org, catalogue_code="bad", sharing_mode="special",
                                contact_email="not-an-email", contact_phone="abc"))
        assert {"catalogue_code", "access_conditions", "approving_authority",
                "contact_email", "contact_phone"} <= set(errors)


class TestOtherFields:
    def test_full_entry_round_trips(self):
        org = factories.Organization()
        created = _call("package_create", **_entry(
            org, sector="land", managing_unit="Văn phòng Đăng ký đất đai",
            legal_basis="Quyết định số 1234/QĐ-UBND", update_frequency="monthly",
            temporal_coverage_start="2020-01-01", temporal_coverage_end="2024-12-31",
            spatial_coverage="Toàn tỉnh", connection_method=["lgsp-api", "file-download"],
            contact_name="Nguyễn Văn A", contact_email="a@thainguyen.gov.vn",
            contact_phone="0208 3855 123"))
        shown = helpers.call_action("package_show", id=created["id"])
        assert shown["sector"] == "land"
        assert shown["connection_method"] == ["file-download", "lgsp-api"]
        assert shown["temporal_coverage_end"] == "2024-12-31"

    def test_temporal_coverage_end_after_start(self):
        org = factories.Organization()
        errors = _errors(_entry(org, temporal_coverage_start="2024-01-01",
                                temporal_coverage_end="2023-01-01"))
        assert list(errors) == ["temporal_coverage_end"]

    def test_sector_must_be_a_choice(self):
        org = factories.Organization()
        assert list(_errors(_entry(org, sector="astrology"))) == ["sector"]
