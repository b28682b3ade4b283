"""thainguyen_project_export: CSV and XLSX read back to the summary's figures."""
from __future__ import annotations

import base64
import csv
import io

import pytest
from openpyxl import load_workbook

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.science.factories import create_project, site_context

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _anonymous():
    return {"user": "", "ignore_auth": False}


def _rows(export):
    if export["encoding"] == "base64":
        sheet = load_workbook(io.BytesIO(base64.b64decode(export["content"]))).active
        values = list(sheet.iter_rows(values_only=True))
        header = values[0]
        return [dict(zip(header, row)) for row in values[1:]]
    return list(csv.DictReader(io.StringIO(export["content"].lstrip("\ufeff"))))


def _amount(value):
    return int(value) if value not in (None, "") else 0


@pytest.fixture
def projects():
    org = factories.Organization(title="Đại học Thái Nguyên")
    public = create_project(org["id"], funding=[
        {"year": 2024, "state_budget_vnd": "54.000.000.000", "non_budget_vnd": "6 tỷ"},
        {"year": 2025, "state_budget_vnd": "12 tỷ", "non_budget_vnd": "17.000.000.001",
         "disbursed_vnd": 3},
    ])
    hidden = create_project(org["id"], status="proposed", funding=[
        {"year": 2025, "state_budget_vnd": "99 tỷ"}])
    unfunded = create_project(org["id"], funding=[])
    return public, hidden, unfunded


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_parses_back_to_the_summary(projects, fmt):
    export = helpers.call_action("thainguyen_project_export", context=_anonymous(), format=fmt)
    assert export["filename"].endswith("." + fmt)
    rows = _rows(export)
    summary = helpers.call_action("thainguyen_funding_summary", context=_anonymous())
    for key in ("state_budget_vnd", "non_budget_vnd", "disbursed_vnd", "total_vnd"):
        assert sum(_amount(r[key]) for r in rows) == summary["totals"][key]
    assert summary["totals"]["state_budget_vnd"] == 66_000_000_000
    codes = {r["project_code"] for r in rows}
    public, hidden, unfunded = projects
    assert codes == {public["project_code"], unfunded["project_code"]}
    assert {r["host_organization_title"] for r in rows} == {"Đại học Thái Nguyên"}
    # Names of investigators are public, their contact details are not.
    assert all("pi_email" not in r and "pi_phone" not in r for r in rows)
    assert not any("@" in str(v) for r in rows for v in r.values())


def test_export_respects_visibility_and_filters(projects):
    export = helpers.call_action("thainguyen_project_export", context=site_context(),
                                 format="csv", year_from=2025, year_to=2025)
    rows = _rows(export)
    assert sorted(_amount(r["state_budget_vnd"]) for r in rows) == [12_000_000_000, 99_000_000_000]
    assert {r["year"] for r in rows} == {"2025"}


def test_bad_format_is_a_field_error(projects):
    with pytest.raises(tk.ValidationError) as info:
        helpers.call_action("thainguyen_project_export", context=_anonymous(), format="pdf")
    assert "format" in info.value.error_dict


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_like_text_stays_text(fmt):
    org = factories.Organization(title="=HYPERLINK(\"http://evil.example\",\"Mở\")")
    create_project(org["id"], title="+1+1 nhiệm vụ", pi_name="@SUM(A1:A9)",
                   commissioned_by="-2+3")
    export = helpers.call_action("thainguyen_project_export", _anonymous(), format=fmt)
    row = _rows(export)[0]
    assert row["title"] == "'+1+1 nhiệm vụ"
    assert row["pi_name"] == "'@SUM(A1:A9)"
    assert row["commissioned_by"] == "'-2+3"
    assert row["host_organization_title"].startswith("'=HYPERLINK")
    # Numbers stay numbers.
    assert _amount(row["state_budget_vnd"]) > 0
