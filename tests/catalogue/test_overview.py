"""The catalogue overview: ``thainguyen_catalogue_summary``, the ``/danh-muc``
page and its exports, each counting only what its viewer may see."""
from __future__ import annotations

import base64
import csv
import io
import json

import pytest
from openpyxl import load_workbook

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories, helpers

from tests.catalogue.factories import (
    SMALL_CATALOGUE, catalogue_entry, small_catalogue, small_catalogue_url,
)
from tests.science.factories import create_project

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

HIDE = "ckanext.thainguyen.hide_restricted_metadata"

# Who may find which entry when restricted metadata is hidden (the records'
# rules: open for all; default for its agency and those it is shared with;
# special for its agency and grantees); with metadata public, everyone finds all.
FINDS_WHEN_HIDDEN = {
    None: {"dat-dai-mo", "truong-hoc-mo"},
    "so-gddt": {"dat-dai-mo", "truong-hoc-mo", "ho-so-dat-dai", "hoc-sinh"},
    "so-tnmt": {"dat-dai-mo", "truong-hoc-mo", "ho-so-dat-dai", "quy-hoach-mat"},
    "sysadmin": set(SMALL_CATALOGUE),
}


@pytest.fixture
def province():
    return small_catalogue()


def _context(province, who):
    if who is None:
        return {"user": "", "ignore_auth": False}
    user = province["sysadmin"] if who == "sysadmin" else province["staff"][who]
    return {"user": user["name"], "auth_user_obj": model.User.get(user["id"]), "ignore_auth": False}


def _expected(names):
    """Counts per mode, agency and sector of ``names``, from SMALL_CATALOGUE."""
    by_mode = {mode: 0 for mode in ("open", "default", "special")}
    by_agency, by_sector = {}, {}
    for name in names:
        mode, agency, sector, _extra = SMALL_CATALOGUE[name]
        by_mode[mode] += 1
        by_agency[agency] = by_agency.get(agency, 0) + 1
        by_sector[sector] = by_sector.get(sector, 0) + 1
    return by_mode, by_agency, by_sector


def _figures(summary):
    return ({r["sharing_mode"]: r["count"] for r in summary["by_mode"]},
            {r["name"]: r["count"] for r in summary["by_agency"]},
            {r["sector"]: r["count"] for r in summary["by_sector"]})


class TestSummaryAction:
    @pytest.mark.ckan_config(HIDE, True)
    @pytest.mark.parametrize("who", list(FINDS_WHEN_HIDDEN))
    def test_figures_count_what_each_viewer_may_see(self, province, who):
        summary = helpers.call_action("thainguyen_catalogue_summary", _context(province, who))
        visible = FINDS_WHEN_HIDDEN[who]
        assert _figures(summary) == _expected(visible)
        assert summary["count"] == len(visible)
        assert {r["name"] for r in summary["entries"]["results"]} == visible

    @pytest.mark.parametrize("who", [None, "so-gddt", "sysadmin"])
    def test_restricted_metadata_is_public_by_default(self, province, who):
        summary = helpers.call_action("thainguyen_catalogue_summary", _context(province, who))
        assert _figures(summary) == _expected(SMALL_CATALOGUE)
        assert {r["sharing_mode"]: r["count"] for r in summary["by_mode"]} == {
            "open": 2, "default": 2, "special": 1}

    def test_figures_leave_out_other_record_types_and_drafts(self, province):
        catalogue_entry("open", name="ban-nhap", state="draft",
                        owner_org=province["orgs"]["so-tnmt"]["id"])
        create_project(province["orgs"]["so-tnmt"]["id"], title="Nhiệm vụ khoa học công khai")
        summary = helpers.call_action("thainguyen_catalogue_summary", _context(province, None))
        assert summary["count"] == len(SMALL_CATALOGUE)

    def test_filters_narrow_the_list_not_the_figures(self, province):
        summary = helpers.call_action("thainguyen_catalogue_summary", _context(province, None),
                                      sharing_mode="open,special", organization="so-tnmt")
        assert [r["name"] for r in summary["entries"]["results"]] == ["dat-dai-mo", "quy-hoach-mat"]
        assert summary["entries"]["count"] == 2
        assert summary["count"] == len(SMALL_CATALOGUE)

    def test_list_rows_carry_the_catalogue_fields_and_no_resource(self, province):
        summary = helpers.call_action("thainguyen_catalogue_summary", _context(province, None),
                                      sector=["land"])
        first = summary["entries"]["results"][0]
        assert first["catalogue_code"] == "TN-CSDL-001"
        assert first["organization_title"] == "Sở Tài nguyên và Môi trường"
        assert (first["sector"], first["update_frequency"]) == ("land", "monthly")
        assert first["legal_basis"] == "Quyết định số 01/QĐ-UBND"
        assert "resources" not in first and "secret" not in json.dumps(summary)

    def test_pages(self, province):
        pages = [helpers.call_action("thainguyen_catalogue_summary", _context(province, None),
                                     limit=2, page=page)["entries"] for page in (1, 2, 3)]
        names = [r["name"] for p in pages for r in p["results"]]
        assert sorted(names) == sorted(SMALL_CATALOGUE)
        assert [len(p["results"]) for p in pages] == [2, 2, 1]

    @pytest.mark.parametrize("data, field", [
        ({"sharing_mode": "public"}, "sharing_mode"),
        ({"sector": ["nowhere"]}, "sector"),
        ({"organization": "no-such-agency"}, "organization"),
        ({"page": 0}, "page"),
        ({"page": "một"}, "page"),
        ({"limit": 1000}, "limit"),
        # Text Solr cannot parse (a dict sent as q, as the fuzz suite does).
        ({"q": {"id": None}}, "q"),
        ({"q": "title:("}, "q"),
    ])
    def test_bad_input_is_a_field_error(self, province, data, field):
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("thainguyen_catalogue_summary", _context(province, None), **data)
        assert field in error.value.error_dict

    def test_auth_of_the_same_name_lets_anyone_ask(self, province):
        assert helpers.call_auth("thainguyen_catalogue_summary", {"user": ""}, **{}) is True
        assert helpers.call_auth("thainguyen_catalogue_export", {"user": ""}, **{}) is True


class TestExports:
    def _export(self, province, who, fmt, **filters):
        result = helpers.call_action("thainguyen_catalogue_export", _context(province, who),
                                     format=fmt, **filters)
        return result

    @pytest.mark.parametrize("who", [None, "so-tnmt", "sysadmin"])
    def test_no_export_carries_a_resource_url(self, province, who):
        for fmt in ("csv", "json"):
            content = self._export(province, who, fmt)["content"]
            assert all(small_catalogue_url(name) not in content for name in SMALL_CATALOGUE)
            assert "secret" not in content

    @pytest.mark.ckan_config(HIDE, True)
    def test_exports_list_what_the_viewer_may_see(self, province):
        rows = json.loads(self._export(province, "so-gddt", "json")["content"])
        assert {r["name"] for r in rows} == FINDS_WHEN_HIDDEN["so-gddt"]
        text = self._export(province, None, "csv")["content"]
        names = {r["name"] for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}
        assert names == FINDS_WHEN_HIDDEN[None]

    def test_csv_xlsx_and_json_hold_the_same_rows(self, province):
        text = self._export(province, None, "csv", sharing_mode="open")["content"]
        from_csv = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        from_json = json.loads(self._export(province, None, "json", sharing_mode="open")["content"])
        xlsx = self._export(province, None, "xlsx", sharing_mode="open")
        sheet = load_workbook(io.BytesIO(base64.b64decode(xlsx["content"]))).active
        header, *values = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert [dict(zip(header, v))["name"] for v in values] == [r["name"] for r in from_csv] \
            == [r["name"] for r in from_json] == ["dat-dai-mo", "truong-hoc-mo"]
        assert from_json[0]["url"].endswith("/dataset/dat-dai-mo")
        assert set(header) == set(from_csv[0]) == set(from_json[0])

    def test_formula_like_text_stays_text(self, province):
        helpers.call_action("package_patch", _context(province, "sysadmin"), id="dat-dai-mo",
                            legal_basis="=HYPERLINK(\"http://x\")")
        text = self._export(province, None, "csv", sharing_mode="open")["content"]
        assert "'=HYPERLINK" in text

    def test_unknown_format_is_refused(self, province):
        with pytest.raises(tk.ValidationError) as error:
            self._export(province, None, "pdf")
        assert "format" in error.value.error_dict


class TestPage:
    def test_overview_page_shows_figures_charts_and_list(self, app, province):
        response = app.get("/danh-muc")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert 'id="thainguyen-catalogue-count" data-value="5"' in page
        assert page.count("<svg") == 3
        for name in SMALL_CATALOGUE:
            assert f'data-name="{name}"' in page
        assert "Sở Giáo dục và Đào tạo" in page and "Hằng tháng" in page
        assert "secret.csv" not in page

    @pytest.mark.ckan_config(HIDE, True)
    def test_overview_page_counts_for_the_signed_in_viewer(self, app, province):
        token = factories.APIToken(user=province["staff"]["so-tnmt"]["name"])["token"]
        page = app.get("/danh-muc", headers={"Authorization": token}).get_data(as_text=True)
        assert 'id="thainguyen-catalogue-count" data-value="4"' in page
        anonymous = app.get("/danh-muc").get_data(as_text=True)
        assert 'id="thainguyen-catalogue-count" data-value="2"' in anonymous
        assert 'data-name="quy-hoach-mat"' in page and 'data-name="quy-hoach-mat"' not in anonymous

    def test_filters_and_pagination(self, app, province):
        page = app.get("/danh-muc?sector=land&limit=1").get_data(as_text=True)
        assert 'data-name="dat-dai-mo"' in page and 'data-name="truong-hoc-mo"' not in page
        assert 'id="thainguyen-list-count" data-value="2"' in page
        assert "sector=land&amp;limit=1&amp;page=2" in page

    def test_bad_filter_is_shown_not_a_500(self, app, province):
        response = app.get("/danh-muc?page=abc")
        assert response.status_code == 200
        assert "alert-danger" in response.get_data(as_text=True)

    def test_english_page(self, app, province):
        page = app.get("/en/danh-muc").get_data(as_text=True)
        assert "Entries by sharing mode" in page and "Monthly" in page

    @pytest.mark.parametrize("fmt, mimetype", [("csv", "text/csv"), ("json", "application/json"),
                                               ("xlsx", "application/vnd.openxmlformats")])
    def test_export_downloads(self, app, province, fmt, mimetype):
        response = app.get(f"/danh-muc/export.{fmt}?sharing_mode=open")
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith(mimetype)
        assert f"danh-muc-csdl.{fmt}" in response.headers["Content-Disposition"]
        assert b"secret.csv" not in response.data

    def test_web_download_names_columns_and_codes_in_the_readers_language(self, app, province):
        text = app.get("/danh-muc/export.csv?sharing_mode=open").get_data(as_text=True)
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        assert [r["Mã danh mục"] for r in rows] == ["TN-CSDL-001", "TN-CSDL-002"]
        assert rows[0]["Hình thức chia sẻ"] != "open" and rows[0]["Cơ quan (mã)"] == "so-tnmt"
        english = app.get("/en/danh-muc/export.csv?sharing_mode=open").get_data(as_text=True)
        assert english.lstrip("\ufeff").startswith("Catalogue code,Title,")

    def test_export_of_a_bad_format_is_a_400(self, app, province):
        assert app.get("/danh-muc/export.pdf").status_code == 400
