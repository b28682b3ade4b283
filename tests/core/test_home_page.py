"""The province's home page: its texts from the site settings, the sharing
modes explained, and figures and lists counting only what its visitor may see.

CKAN's featured organisation and group blocks read their datasets with
``ignore_auth``: private contest entries, drafts included, reached anonymous
visitors with title and summary. The home page no longer shows them (the
snippets still read as the visitor, for themes using them); every list and
figure of it is read with the visitor's own context.
"""
from __future__ import annotations

import re

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.browser import Browser
from tests.catalogue.factories import SMALL_CATALOGUE, catalogue_entry, small_catalogue
from tests.contest import factories as contest
from tests.science.factories import create_project

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

DRAFT = "Bản nháp chưa gửi về máy sấy chè"
SUBMITTED = "Giải pháp đã gửi chờ chấm điểm"
PUBLIC = "Danh mục dữ liệu mở của ban tổ chức"
HIDE = "ckanext.thainguyen.hide_restricted_metadata"


def _value(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*data-value="([^"]*)"', html)
    assert match, f"no #{element_id} with a value"
    return match.group(1)


def _mode_figures(html: str) -> dict[str, int]:
    cards = re.findall(r'data-sharing-mode="(\w+)">.*?data-value="(\d+)"', html, re.S)
    return {mode: int(count) for mode, count in cards}


@pytest.fixture
def contest_org_records():
    with freeze_time(contest.SUBMISSIONS_OPEN):
        org = contest.contest_org()
        edition = contest.make_edition()
        entrant = factories.User()
        contest.make_entry(entrant, edition, title=DRAFT)
        submitted = contest.make_entry(entrant, edition, title=SUBMITTED)
        helpers.call_action("thainguyen_entry_submit", contest.as_user(entrant), id=submitted["id"])
    catalogue_entry("open", owner_org=org["id"], title=PUBLIC)
    return entrant


def test_anonymous_visitors_see_no_private_entry(app, contest_org_records):
    response = app.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    latest = html[html.index('id="thainguyen-home-latest"'):]
    assert PUBLIC in latest
    contest_card = html[html.index('id="thainguyen-home-contest"'):]
    assert 'data-value="0"' in contest_card[:contest_card.index("</div>\n            </div>")]
    assert DRAFT not in html and SUBMITTED not in html


def test_signed_in_visitors_see_what_they_may_see(app, contest_org_records):
    html = Browser(app, contest_org_records).get("/").get_data(as_text=True)
    # The entrant's own submitted entry is theirs to see (the contest card
    # counts and lists it); drafts stay off the home page.
    contest_card = html[html.index('id="thainguyen-home-contest"'):]
    assert SUBMITTED in contest_card and PUBLIC in html
    assert re.search(r'class="thainguyen-figure" data-value="1"', contest_card), contest_card[:1500]
    assert DRAFT not in html


def test_featured_blocks_of_ckan_home_layouts_read_as_the_visitor(app, contest_org_records):
    # The home page has none, but a theme using CKAN's featured snippets
    # gets ours (templates/home/snippets), which read as the visitor.
    with app.flask_app.test_request_context("/"):
        organizations = tk.h.thainguyen_featured_organizations()
    titles = [pkg["title"] for org in organizations for pkg in org["packages"]]
    assert PUBLIC in titles
    assert DRAFT not in titles and SUBMITTED not in titles


class TestFigures:
    @pytest.mark.ckan_config(HIDE, True)
    @pytest.mark.parametrize("who, expected", [
        (None, {"open": 2, "default": 0, "special": 0}),
        ("so-gddt", {"open": 2, "default": 2, "special": 0}),
        ("so-tnmt", {"open": 2, "default": 1, "special": 1}),
        ("sysadmin", {"open": 2, "default": 2, "special": 1}),
    ])
    def test_figures_count_what_the_visitor_may_see(self, app, who, expected):
        province = small_catalogue()
        user = None if who is None else (
            province["sysadmin"] if who == "sysadmin" else province["staff"][who])
        html = Browser(app, user).get("/").get_data(as_text=True)
        assert _mode_figures(html) == expected
        assert int(_value(html, "thainguyen-home-total")) == sum(expected.values())

    def test_restricted_metadata_is_public_by_default(self, app):
        small_catalogue()
        html = app.get("/").get_data(as_text=True)
        assert _mode_figures(html) == {"open": 2, "default": 2, "special": 1}
        agencies = html[html.index('id="thainguyen-home-agencies"'):]
        assert re.search(r'Sở Tài nguyên và Môi trường</a> <span[^>]*data-value="3"', agencies)
        sectors = html[html.index('id="thainguyen-home-sectors"'):]
        assert re.search(r'Đất đai, địa chính</a> <span[^>]*data-value="2"', sectors)
        assert len(SMALL_CATALOGUE) == int(_value(html, "thainguyen-home-total"))

    @pytest.mark.ckan_config("ckanext.thainguyen.home.funding_years", "2024 2025")
    def test_funding_headline_from_the_science_records(self, app):
        host = factories.Organization()
        create_project(host["id"], funding=[
            {"year": 2024, "state_budget_vnd": "20 tỷ", "non_budget_vnd": "8 tỷ"},
            {"year": 2025, "state_budget_vnd": "54 tỷ", "non_budget_vnd": "18 tỷ"}])
        # Proposed: seen by its host only, so in no public figure.
        create_project(host["id"], status="proposed", funding=[
            {"year": 2025, "state_budget_vnd": "5 tỷ", "non_budget_vnd": "5 tỷ"}])
        html = app.get("/").get_data(as_text=True)
        assert _value(html, "thainguyen-home-state-budget") == str(54 * 10**9)
        assert float(_value(html, "thainguyen-home-counterpart-share")) == round(26 / 100, 4)
        assert "54 tỷ đồng" in html and "26 %" in html


class TestPage:
    def test_the_province_not_a_placeholder(self, app):
        html = app.get("/").get_data(as_text=True)
        for placeholder in ("placeholder-420x220", "ckan-logo", "Welcome to CKAN",
                            "Chào mừng", "This is a featured section"):
            assert placeholder not in html
        assert "Danh mục CSDL dùng chung tỉnh Thái Nguyên" in html
        assert "Ủy ban nhân dân tỉnh Thái Nguyên" in html
        assert 'id="thainguyen-home-search"' in html and 'action="/dataset/"' in html
        modes = html[html.index('id="thainguyen-home-modes"'):]
        assert modes.count("Ai được tải dữ liệu") == 3 and modes.count("Cách đề nghị") == 3

    @pytest.mark.ckan_config("ckan.site_intro_text", "Cổng **dữ liệu** của tỉnh.")
    @pytest.mark.ckan_config("ckanext.thainguyen.home.authority", "Sở Khoa học và Công nghệ")
    def test_operators_set_the_texts(self, app):
        html = app.get("/").get_data(as_text=True)
        assert "Cổng <strong>dữ liệu</strong> của tỉnh." in html
        assert "Sở Khoa học và Công nghệ" in html and "Ủy ban nhân dân" not in html

    def test_about_page_presents_the_portal(self, app):
        html = app.get("/about").get_data(as_text=True)
        assert "Ba hình thức chia sẻ" in html
        for href in ('href="/danh-muc"', 'href="/contest/"', 'href="/science/funding"'):
            assert href in html

    def test_english_under_en(self, app):
        html = app.get("/en/").get_data(as_text=True)
        assert "Three ways of sharing" in html and "Who may download the data" in html

    def test_menu_reaches_the_catalogue_overview_contest_and_funding(self, app):
        html = app.get("/").get_data(as_text=True)
        nav = html[html.index('id="main-navigation-toggle"'):]
        nav = nav[:nav.index("</ul>")]
        for href in ('href="/dataset/"', 'href="/danh-muc"', 'href="/contest/"',
                     'href="/science/funding"', 'href="/organization/"'):
            assert href in nav
        assert 'href="/group/"' not in nav
