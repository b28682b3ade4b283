"""Science pages through the real Flask app: dashboard, exports, project page."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from ckan.tests import factories

from tests.science.factories import create_project, department_org

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def projects():
    host_editor = factories.User()
    host = factories.Organization(title="Đại học Thái Nguyên",
                                  users=[{"name": host_editor["name"], "capacity": "editor"}])
    public = create_project(host["id"], title="Giống chè mới", funding=[
        {"year": 2024, "state_budget_vnd": "20 tỷ", "non_budget_vnd": "8 tỷ"},
        {"year": 2025, "state_budget_vnd": "54.000.000.000", "non_budget_vnd": "16 tỷ",
         "disbursed_vnd": "30 tỷ"},
    ])
    proposed = create_project(host["id"], title="Đề xuất bí mật", status="proposed", funding=[
        {"year": 2025, "state_budget_vnd": "5 tỷ"}])
    return {"public": public, "proposed": proposed, "host": host, "host_editor": host_editor}


def _auth(user):
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


class TestDashboard:
    def test_public_dashboard_shows_vietnamese_amounts(self, app, projects):
        page = app.get("/science/funding").body
        assert "74.000.000.000 ₫" in page           # state budget 20 + 54 tỷ
        assert "74 tỷ đồng" in page
        assert "54.000.000.000 ₫" in page           # 2025 row
        assert "Đề xuất bí mật" not in page
        assert "79.000.000.000" not in page         # the proposed 5 tỷ is not counted
        assert page.count("<svg") >= 3              # by year, share, by field
        assert 'href="/science/funding/export.csv' in page

    def test_host_member_sees_proposed_funding(self, app, projects):
        page = app.get("/science/funding", headers=_auth(projects["host_editor"])).body
        assert "79.000.000.000 ₫" in page

    def test_filters_narrow_the_figures(self, app, projects):
        page = app.get("/science/funding?year_from=2024&year_to=2024").body
        assert "20 tỷ đồng" in page
        assert "54.000.000.000 ₫" not in page
        assert "export.csv?year_from=2024&amp;year_to=2024" in page

    def test_bad_filter_is_shown_not_a_500(self, app, projects):
        response = app.get("/science/funding?year_from=abc")
        assert response.status_code == 200
        assert "alert-danger" in response.body


class TestExportUrls:
    def test_csv(self, app, projects):
        response = app.get("/science/funding/export.csv?year_from=2025")
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in response.headers["Content-Disposition"]
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
        # The download's header names the columns in the reader's language.
        assert [(r["Năm"], r["Ngân sách nhà nước (đồng)"]) for r in rows] == [("2025", "54000000000")]

    def test_xlsx(self, app, projects):
        response = app.get("/science/funding/export.xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.get_data())).active
        values = list(sheet.iter_rows(values_only=True))
        column = values[0].index("Ngân sách nhà nước (đồng)")
        assert sum(row[column] or 0 for row in values[1:]) == 74_000_000_000

    def test_english_readers_get_english_column_names(self, app, projects):
        response = app.get("/en/science/funding/export.csv")
        header = response.get_data(as_text=True).lstrip("\ufeff").splitlines()[0]
        assert header.startswith("Project code,Project title,")

    def test_unknown_format_is_a_400(self, app, projects):
        assert app.get("/science/funding/export.pdf").status_code == 400


class TestProjectPage:
    def test_funding_table_and_chart(self, app, projects):
        page = app.get(f"/science-project/{projects['public']['name']}").body
        assert "54.000.000.000 ₫" in page
        assert "98 tỷ đồng" in page                 # all funding of the project
        assert "thainguyen-bar-state" in page
        assert "PGS.TS. Nguyễn Văn A" in page

    def test_contact_details_only_for_host_and_department(self, app, projects):
        url = f"/science-project/{projects['public']['name']}"
        assert "nguyenvana@tnu.edu.vn" not in app.get(url).body
        assert "nguyenvana@tnu.edu.vn" in app.get(url, headers=_auth(projects["host_editor"])).body
        department_member = factories.User()
        department_org(users=[{"name": department_member["name"], "capacity": "member"}])
        assert "nguyenvana@tnu.edu.vn" in app.get(url, headers=_auth(department_member)).body
        outsider = factories.User()
        assert "nguyenvana@tnu.edu.vn" not in app.get(url, headers=_auth(outsider)).body

    def test_contact_details_not_in_api_nor_search(self, app, projects):
        shown = app.get(f"/api/3/action/package_show?id={projects['public']['id']}").json["result"]
        assert "pi_email" not in shown and "pi_phone" not in shown
        found = app.get("/api/3/action/package_search?q=nguyenvana").json["result"]
        assert found["count"] == 0
        found = app.get("/api/3/action/package_search?q=name:" + projects["public"]["name"]).json["result"]
        assert found["count"] == 1 and "pi_email" not in found["results"][0]

    def test_proposed_project_is_hidden_from_the_public(self, app, projects):
        url = f"/science-project/{projects['proposed']['name']}"
        assert app.get(url).status_code in (403, 404)
        assert app.get(url, headers=_auth(projects["host_editor"])).status_code == 200
        department_member = factories.User()
        department_org(users=[{"name": department_member["name"], "capacity": "member"}])
        assert app.get(url, headers=_auth(department_member)).status_code == 200
        assert app.get(url, headers=_auth(factories.User())).status_code in (403, 404)


class TestActivityStream:
    def test_activity_details_hide_contact_from_the_public(self, app, projects):
        # Activities of the site user (who made the fixtures) are hidden, so
        # the host's editor makes a change that shows in the stream.
        from ckan.tests import helpers
        helpers.call_action("package_patch", context={"user": projects["host_editor"]["name"]},
                            id=projects["public"]["id"], title="Giống chè mới (cập nhật)")
        url = f"/api/3/action/package_activity_list?id={projects['public']['id']}"
        public = app.get(url).json["result"]
        assert public and "nguyenvana@tnu.edu.vn" not in str(public)
        assert "0208 3855 123" not in str(public)
        assert "PGS.TS. Nguyễn Văn A" in str(public)     # the name is public
        # The stored record itself is intact.
        shown = helpers.call_action("package_show", context={"user": projects["host_editor"]["name"]},
                                    id=projects["public"]["id"])
        assert shown["pi_email"] == "nguyenvana@tnu.edu.vn"


class TestForm:
    def test_new_project_form_renders_with_funding_fields_and_csrf(self, app, projects):
        page = app.get("/science-project/new", headers=_auth(projects["host_editor"])).body
        assert 'name="project_code"' in page
        assert 'name="funding-0-state_budget_vnd"' in page
        assert 'name="_csrf_token"' in page


def test_anonymous_visitors_read_a_projects_activity_stream_without_contacts(app):
    org = factories.Organization()
    project = create_project(org["id"])
    page = app.get(f"/dataset/activity/{project['name']}")
    assert page.status_code == 200
    assert "nguyenvana@tnu.edu.vn" not in page.body
    assert "3855 123" not in page.body
