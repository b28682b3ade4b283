"""``ckan thainguyen catalogue import|export|template``: the catalogue as a
spreadsheet, through the real ``ckan`` command, database and Solr."""
from __future__ import annotations

import csv
import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

import ckan.cli.cli
from ckan import model
from ckan.tests import factories, helpers

from tests.catalogue.factories import catalogue_entry

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

HEADER = ["catalogue_code", "title", "name", "sharing_mode", "shared_with", "access_conditions",
          "approving_authority", "sector", "owner_org", "update_frequency", "license_id",
          "connection_method", "tag_string", "contact_email"]
OPEN_ROW = ["TN-CSDL-001", "Quan trắc môi trường", "quan-trac-moi-truong", "open", "",
            "", "", "environment", "so-tnmt", "daily", "cc-by", "file-download; web-service",
            "môi trường, quan trắc", "ptnmt@thainguyen.gov.vn"]
DEFAULT_ROW = ["TN-CSDL-002", "Học sinh", "hoc-sinh", "default", "so-tnmt; so-gddt", "", "",
               "education", "so-gddt", "yearly", "other-closed", "", "", ""]
SPECIAL_ROW = ["TN-CSDL-003", "Quy hoạch mật", "quy-hoach-mat", "special", "",
               "Cán bộ có nhiệm vụ.", "Giám đốc Sở", "land-use-planning", "so-tnmt", "", "other-closed",
               "", "", ""]


@pytest.fixture
def orgs():
    return {"so-tnmt": factories.Organization(name="so-tnmt", title="Sở Tài nguyên và Môi trường"),
            "so-gddt": factories.Organization(name="so-gddt", title="Sở Giáo dục và Đào tạo")}


def run(cli, *args):
    return cli.invoke(ckan.cli.cli.ckan, ["thainguyen", "catalogue", *args])


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def write_xlsx(path, header, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return str(path)


def entry(code):
    found = helpers.call_action("package_search", fq=f'catalogue_code:"{code}"',
                                include_private=True)["results"]
    assert len(found) == 1, found
    return helpers.call_action("package_show", id=found[0]["id"])


def entry_count():
    return model.Session.query(model.Package).filter(model.Package.state == "active",
                                                     model.Package.type == "dataset").count()


def sheet_values(content):
    workbook = load_workbook(io.BytesIO(content))
    return {name: [list(row) for row in workbook[name].iter_rows(values_only=True)]
            for name in workbook.sheetnames}


class TestImport:
    def test_creates_entries_that_search_finds(self, cli, orgs, tmp_path):
        path = write_csv(tmp_path / "dm.csv", HEADER, [OPEN_ROW, DEFAULT_ROW, SPECIAL_ROW])

        result = run(cli, "import", path, "--lang", "en")

        assert result.exit_code == 0, result.output
        assert "Row 2 (TN-CSDL-001): created" in result.output
        assert "Row 4 (TN-CSDL-003): created" in result.output
        opened = entry("TN-CSDL-001")
        assert opened["name"] == "quan-trac-moi-truong" and opened["sharing_mode"] == "open"
        assert opened["private"] is False and opened["owner_org"] == orgs["so-tnmt"]["id"]
        assert sorted(opened["connection_method"]) == ["file-download", "web-service"]
        assert sorted(t["name"] for t in opened["tags"]) == ["môi trường", "quan trắc"]
        shared = entry("TN-CSDL-002")
        assert shared["private"] is True
        assert sorted(shared["shared_with"]) == sorted([orgs["so-tnmt"]["id"], orgs["so-gddt"]["id"]])
        found = helpers.call_action("package_search", q="Quan trắc", include_private=True)
        assert [p["name"] for p in found["results"]] == ["quan-trac-moi-truong"]

    def test_a_second_run_changes_nothing(self, cli, orgs, tmp_path):
        path = write_csv(tmp_path / "dm.csv", HEADER, [OPEN_ROW, DEFAULT_ROW])
        assert run(cli, "import", path).exit_code == 0
        before = {code: entry(code)["metadata_modified"] for code in ("TN-CSDL-001", "TN-CSDL-002")}

        result = run(cli, "import", path, "--lang", "en")

        assert result.exit_code == 0, result.output
        assert "Row 2 (TN-CSDL-001): unchanged" in result.output
        assert "Row 3 (TN-CSDL-002): unchanged" in result.output
        assert "unchanged: 2" in result.output
        assert {code: entry(code)["metadata_modified"] for code in before} == before

    def test_updates_the_entry_with_the_code_and_keeps_the_rest(self, cli, orgs, tmp_path):
        catalogue_entry("special", name="dat-dai", catalogue_code="TN-CSDL-010",
                        owner_org=orgs["so-tnmt"]["id"], notes="Mô tả cũ",
                        resources=[{"url": "https://example.org/dat-dai.csv", "name": "Dữ liệu"}])
        path = write_csv(tmp_path / "dm.csv", ["catalogue_code", "title", "sector"],
                         [["tn-csdl-010", "Đất đai (mới)", "Đất đai, địa chính"]])

        result = run(cli, "import", path, "--lang", "en")

        assert result.exit_code == 0, result.output
        assert "Row 2 (TN-CSDL-010): updated" in result.output
        updated = entry("TN-CSDL-010")
        assert updated["title"] == "Đất đai (mới)" and updated["sector"] == "land"
        assert updated["name"] == "dat-dai" and updated["notes"] == "Mô tả cũ"
        assert [r["url"] for r in updated["resources"]] == ["https://example.org/dat-dai.csv"]
        assert helpers.call_action("package_search", q="mới")["count"] == 1

    def test_every_bad_row_is_reported_and_nothing_written(self, cli, orgs, tmp_path):
        no_agencies = list(DEFAULT_ROW)
        no_agencies[4] = ""
        bad_sector = list(SPECIAL_ROW)
        bad_sector[7] = "khong-co"
        bad_email = list(OPEN_ROW)
        bad_email[0], bad_email[2], bad_email[13] = "TN-CSDL-004", "khac", "not-an-email"
        path = write_csv(tmp_path / "dm.csv", HEADER, [OPEN_ROW, no_agencies, bad_sector, bad_email])

        result = run(cli, "import", path, "--lang", "en")

        assert result.exit_code == 1, result.output
        assert 'Row 3, column "shared_with": Choose the agencies' in result.output
        assert 'Row 4, column "sector":' in result.output
        assert 'Row 5, column "contact_email":' in result.output
        assert "Nothing written: 3 rows have errors" in result.output
        assert "Row 2 (TN-CSDL-001)" in result.output
        assert entry_count() == 0

    def test_repeated_codes_and_missing_columns_are_reported(self, cli, orgs, tmp_path):
        path = write_csv(tmp_path / "dm.csv", ["catalogue_code", "title"],
                         [["TN-CSDL-001", "A"], ["TN-CSDL-001", "B"], ["", "C"]])

        result = run(cli, "import", path, "--lang", "en")

        assert result.exit_code == 1
        assert 'Row 2, column "catalogue_code": Catalogue code TN-CSDL-001 is on several rows: 2, 3' \
            in result.output
        assert 'Row 4, column "catalogue_code": Missing value' in result.output
        assert entry_count() == 0

    def test_partial_writes_the_good_rows(self, cli, orgs, tmp_path):
        bad = list(SPECIAL_ROW)
        bad[5] = ""  # special mode needs access conditions
        path = write_csv(tmp_path / "dm.csv", HEADER, [OPEN_ROW, bad])

        result = run(cli, "import", path, "--partial", "--lang", "en")

        assert result.exit_code == 1, result.output
        assert 'Row 3, column "access_conditions":' in result.output
        assert "Row 2 (TN-CSDL-001): created" in result.output
        assert entry_count() == 1
        assert entry("TN-CSDL-001")["title"] == "Quan trắc môi trường"

    def test_dry_run_writes_nothing(self, cli, orgs, tmp_path):
        path = write_csv(tmp_path / "dm.csv", HEADER, [OPEN_ROW])

        result = run(cli, "import", path, "--dry-run", "--lang", "en")

        assert result.exit_code == 0, result.output
        assert "Row 2 (TN-CSDL-001): would be created" in result.output
        assert entry_count() == 0

    def test_xlsx_with_vietnamese_labels_as_headers_and_values(self, cli, orgs, tmp_path):
        header = ["Mã danh mục", "Tên cơ sở dữ liệu", "Hình thức chia sẻ", "Chia sẻ với cơ quan",
                  "Lĩnh vực", "Cơ quan chủ quản", "Tần suất cập nhật", "Giấy phép",
                  "Thời gian dữ liệu từ"]
        rows = [["TN-CSDL-007", "Dân cư toàn tỉnh", "Chia sẻ theo hình thức mặc định",
                 "Tất cả cơ quan nhà nước", "Dân cư", "Sở Tài nguyên và Môi trường", "Hằng quý",
                 "other-closed", datetime.datetime(2021, 3, 1)]]
        path = write_xlsx(tmp_path / "dm.xlsx", header, rows)

        result = run(cli, "import", path)

        assert result.exit_code == 0, result.output
        assert "Dòng 2 (TN-CSDL-007):" in result.output
        created = entry("TN-CSDL-007")
        assert created["name"] == "dan-cu-toan-tinh"
        assert (created["sharing_mode"], created["shared_with"], created["sector"],
                created["update_frequency"]) == ("default", ["all"], "population", "quarterly")
        assert created["owner_org"] == orgs["so-tnmt"]["id"]
        assert created["temporal_coverage_start"] == "2021-03-01"

    def test_errors_in_vietnamese(self, cli, orgs, tmp_path):
        bad = list(SPECIAL_ROW)
        bad[6] = ""
        header = ["Mã danh mục" if h == "catalogue_code" else h for h in HEADER]
        path = write_csv(tmp_path / "dm.csv", header, [bad, ["", "Không mã"] + [""] * 12])

        result = run(cli, "import", path, "--lang", "vi")

        assert result.exit_code == 1
        assert ('Dòng 2, cột "approving_authority": Nêu cơ quan, người có thẩm quyền phê duyệt '
                'yêu cầu khai thác') in result.output
        assert 'Dòng 3, cột "Mã danh mục": Giá trị bị mất' in result.output
        assert "Không ghi gì" in result.output
        assert "Row " not in result.output

    def test_unknown_columns_refuse_the_file(self, cli, orgs, tmp_path):
        path = write_csv(tmp_path / "dm.csv", ["catalogue_code", "private", "Màu sắc"], [["TN-CSDL-001", "", ""]])

        result = run(cli, "import", path, "--lang", "en")

        assert result.exit_code == 1
        assert 'columns that are not catalogue fields: "private", "Màu sắc"' in result.output

    def test_a_user_writes_only_where_they_may(self, cli, orgs, tmp_path):
        factories.User(name="can-bo")
        path = write_csv(tmp_path / "dm.csv", HEADER, [OPEN_ROW])

        result = run(cli, "import", path, "--user", "can-bo", "--lang", "en")

        assert result.exit_code == 1
        assert "Row 2: You may not write this entry" in result.output
        assert entry_count() == 0


class TestTemplate:
    def test_xlsx_has_drop_down_lists_and_an_example_row_that_imports(self, cli, orgs, tmp_path):
        path = tmp_path / "mau.xlsx"

        result = run(cli, "template", "--output", str(path))

        assert result.exit_code == 0, result.output
        workbook = load_workbook(path)
        sheet = workbook["danh_muc"]
        header = [cell.value for cell in sheet[1]]
        assert header[:3] == ["title", "name", "catalogue_code"]
        assert "thainguyen_free_extras" not in header
        lists = workbook["gia_tri"]
        assert lists.sheet_state == "hidden"
        rules = {sheet.cell(1, next(iter(rule.sqref.ranges)).min_col).value: rule
                 for rule in sheet.data_validations.dataValidation}
        mode = rules["sharing_mode"]
        column = mode.formula1.split("!")[1].split(":")[0].replace("$", "")[0]
        assert [c.value for c in lists[column] if c.value] == ["open", "default", "special"]
        assert mode.errorStyle == "stop"
        assert {"sector", "update_frequency", "owner_org", "license_id", "shared_with"} <= set(rules)

        imported = run(cli, "import", str(path), "--lang", "en")
        assert imported.exit_code == 0, imported.output
        assert entry("TN-CSDL-001")["owner_org"] == orgs["so-gddt"]["id"]

    def test_csv_with_labels(self, cli, orgs, tmp_path):
        path = tmp_path / "mau.csv"

        result = run(cli, "template", "--output", str(path), "--header", "labels", "--lang", "vi")

        assert result.exit_code == 0, result.output
        with open(path, encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        assert rows[0]["Mã danh mục"] == "TN-CSDL-001"
        assert rows[0]["Hình thức chia sẻ"] == "Chia sẻ theo hình thức đặc thù"
        assert run(cli, "import", str(path)).exit_code == 0
        assert entry("TN-CSDL-001")["sharing_mode"] == "special"


class TestRoundTrip:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_export_import_into_an_empty_site_export_again(self, cli, orgs, tmp_path, fmt,
                                                           reset_db, reset_index, migrate_loaded):
        rows = [list(OPEN_ROW), list(DEFAULT_ROW), list(SPECIAL_ROW)]
        rows[0][1] = "=Quan trắc"  # formula-like text stays text both ways
        assert run(cli, "import", write_csv(tmp_path / "dm.csv", HEADER, rows)).exit_code == 0
        first = tmp_path / f"first.{fmt}"
        assert run(cli, "export", "--output", str(first)).exit_code == 0

        reset_db()
        reset_index()
        migrate_loaded()
        for org in orgs.values():
            factories.Organization(name=org["name"], title=org["title"])
        imported = run(cli, "import", str(first), "--lang", "en")
        assert imported.exit_code == 0, imported.output
        assert "created: 3" in imported.output
        second = tmp_path / f"second.{fmt}"
        assert run(cli, "export", "--output", str(second)).exit_code == 0

        if fmt == "csv":
            assert second.read_bytes() == first.read_bytes()
            text = first.read_text(encoding="utf-8-sig")
            assert "'=Quan trắc" in text
        else:
            assert sheet_values(second.read_bytes()) == sheet_values(first.read_bytes())
        assert entry("TN-CSDL-001")["title"] == "=Quan trắc"
        again = run(cli, "import", str(second), "--lang", "en")
        assert "unchanged: 3" in again.output, again.output
