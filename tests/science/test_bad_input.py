"""Malformed science projects and funding filters are refused field by field (issue 9)."""
from __future__ import annotations

import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.thainguyen.science import amounts
from tests.science.factories import department_org, project_dict, site_context

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def test_an_amount_of_five_thousand_digits_is_too_large_not_a_crash():
    with pytest.raises(amounts.AmountError, match="too_large"):
        amounts.parse_vnd("9" * 5000)


def test_a_project_with_a_five_thousand_digit_amount_is_refused():
    org = department_org()
    funding = [{"year": 2024, "state_budget_vnd": "9" * 5000}]
    with pytest.raises(tk.ValidationError) as refusal:
        helpers.call_action("package_create", site_context(),
                            **project_dict(org["id"], funding=funding))
    assert "funding" in refusal.value.error_dict


@pytest.mark.parametrize("field, value", [("pi_name", ["Nguyễn Văn A"]), ("notes", 7),
                                          ("commissioned_by", "UBND\x00")])
def test_text_fields_take_storable_text_only(field, value):
    org = department_org()
    with pytest.raises(tk.ValidationError) as refusal:
        helpers.call_action("package_create", site_context(),
                            **project_dict(org["id"], **{field: value}))
    assert field in refusal.value.error_dict


@pytest.mark.parametrize("filters", [{"year_from": "9" * 5000}, {"owner_org": "a\x00"},
                                     {"level": ["\ud800"]}])
def test_funding_filters_that_cannot_be_handled_are_refused(filters):
    with pytest.raises(tk.ValidationError):
        helpers.call_action("thainguyen_funding_summary", site_context(), **filters)
