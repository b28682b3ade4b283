"""Science-project records: validation through package_create/update."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories, helpers

from tests.science.factories import create_project, project_dict, site_context

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _errors(org_id, **overrides):
    with pytest.raises(tk.ValidationError) as info:
        helpers.call_action("package_create", context=site_context(),
                            **project_dict(org_id, **overrides))
    return info.value.error_dict


class TestCreate:
    def test_amounts_are_stored_as_whole_vnd(self):
        org = factories.Organization()
        project = create_project(org["id"])
        assert project["project_code"].startswith("KHCN-TN-2025-")
        assert project["funding"][0] == {
            "year": 2024, "state_budget_vnd": 1_000_000_000,
            "non_budget_vnd": 300_000_000, "disbursed_vnd": 1_000_000_000,
        }
        assert project["private"] is False

    def test_proposed_project_is_private_and_approved_is_public(self):
        org = factories.Organization()
        project = create_project(org["id"], status="proposed", private=False)
        assert project["private"] is True
        updated = helpers.call_action("package_patch", context=site_context(),
                                      id=project["id"], status="approved")
        assert updated["private"] is False

    def test_project_code_format_and_uniqueness(self):
        org = factories.Organization()
        assert "project_code" in _errors(org["id"], project_code="ABC-1")
        create_project(org["id"], project_code="khcn-tn-2025-07")
        errors = _errors(org["id"], project_code="KHCN-TN-2025-07")
        # Only the uniqueness rule fails: the code's format is fine.
        assert len(errors["project_code"]) == 1 and set(errors) == {"project_code"}

    def test_updating_keeps_its_own_code(self):
        org = factories.Organization()
        project = create_project(org["id"])
        updated = helpers.call_action("package_patch", context=site_context(),
                                      id=project["id"], title="Tên mới")
        assert updated["project_code"] == project["project_code"]

    @pytest.mark.parametrize("bad", ["-5", "1,5", "12abc", "54,000,000,000", "10000000 tỷ", "0,5 đồng"])
    def test_bad_amounts_get_a_field_level_error(self, bad):
        org = factories.Organization()
        errors = _errors(org["id"], funding=[{"year": 2024, "state_budget_vnd": bad}])
        assert "state_budget_vnd" in errors["funding"][0]
        assert not helpers.call_action("package_search", q="*:*", include_private=True)["count"]

    def test_year_outside_period(self):
        org = factories.Organization()
        errors = _errors(org["id"], funding=[{"year": 2023, "state_budget_vnd": 1}])
        assert "year" in errors["funding"][0]

    def test_duplicate_year(self):
        org = factories.Organization()
        errors = _errors(org["id"], funding=[{"year": 2024, "state_budget_vnd": 1},
                                             {"year": 2024, "state_budget_vnd": 2}])
        assert "year" in errors["funding"][1]

    def test_end_before_start(self):
        org = factories.Organization()
        errors = _errors(org["id"], start_date="2025-01-01", end_date="2024-12-31", funding=[])
        assert "end_date" in errors

    def test_disbursed_above_allocated(self):
        org = factories.Organization()
        errors = _errors(org["id"], funding=[
            {"year": 2024, "state_budget_vnd": "1 tỷ", "non_budget_vnd": 0, "disbursed_vnd": "1.000.000.001"}])
        assert "disbursed_vnd" in errors["funding"][0]

    def test_commissioned_needs_who(self):
        org = factories.Organization()
        errors = _errors(org["id"], commissioned="yes", commissioned_by="")
        assert "commissioned_by" in errors

    def test_choices_are_enforced(self):
        org = factories.Organization()
        errors = _errors(org["id"], level="city", field_of_science="astrology", status="done")
        assert {"level", "field_of_science", "status"} <= set(errors)

    def test_output_dataset_must_exist(self):
        org = factories.Organization()
        errors = _errors(org["id"], outputs=[{"kind": "dataset", "title": "Dữ liệu", "reference": "khong-co"}])
        assert "reference" in errors["outputs"][0]
        # Written directly: the catalogue schema's rules are not under test.
        dataset = model.Package(name="du-lieu-giong-che", title="Dữ liệu giống chè",
                                type="dataset", owner_org=org["id"], state="active")
        model.Session.add(dataset)
        model.Session.commit()
        project = create_project(org["id"], outputs=[
            {"kind": "dataset", "title": "Dữ liệu giống chè", "reference": dataset.id},
            {"kind": "patent", "title": "Bằng độc quyền", "reference": "1-0012345"},
        ])
        assert project["outputs"][0]["reference"] == "du-lieu-giong-che"
        assert project["outputs"][1]["kind"] == "patent"
