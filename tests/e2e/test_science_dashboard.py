"""The funding dashboard in a real headless Chromium (Debian's, via Playwright).

The CKAN app under test runs in a thread of this test process on
127.0.0.1, serving the same database and Solr as the rest of the suite.
"""
from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import sync_playwright

from ckan.tests import factories

from tests.science.factories import create_project

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture
def browser_page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(accept_downloads=True, locale="vi-VN")
            yield context.new_page()
        finally:
            browser.close()


def test_dashboard_charts_filters_and_export(server, browser_page):
    host = factories.Organization(title="Viện Khoa học Sự sống")
    create_project(host["id"], field_of_science="agricultural", funding=[
        {"year": 2024, "state_budget_vnd": "30 tỷ", "non_budget_vnd": "10 tỷ"},
        {"year": 2025, "state_budget_vnd": "34.000.000.000", "non_budget_vnd": "16 tỷ"},
    ])
    create_project(host["id"], field_of_science="medical_health", start_date="2025-01-01",
                   funding=[{"year": 2025, "state_budget_vnd": "6 tỷ", "non_budget_vnd": "4 tỷ"}])
    page = browser_page

    page.goto(f"{server}/science/funding")
    totals = page.locator("#thainguyen-funding-totals")
    assert "70 tỷ đồng" in totals.inner_text()               # state budget 30 + 34 + 6
    # Counterpart share: 30 tỷ non-budget of 100 tỷ in all.
    assert page.locator("#thainguyen-counterpart-share").inner_text().strip() == "30 %"
    # Bars are drawn: one stacked bar per year, with real heights.
    bars = page.locator("svg.thainguyen-chart g.thainguyen-bar")
    assert bars.count() == 2
    heights = [float(h) for h in page.locator("svg.thainguyen-chart rect.thainguyen-bar-state")
               .evaluate_all("els => els.map(e => e.getBBox().height)")]
    assert len(heights) == 2 and heights[1] > heights[0] > 0
    assert page.locator("#thainguyen-share-chart circle").count() == 2

    page.select_option("#field_of_science", "medical_health")
    page.click("#thainguyen-apply-filters")
    page.wait_for_url("**field_of_science=medical_health**")
    assert "6 tỷ đồng" in page.locator("#thainguyen-funding-totals").inner_text()
    assert page.locator("#thainguyen-project-count").inner_text().strip() == "1"

    with page.expect_download() as info:
        page.click("#thainguyen-export-csv")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(io.StringIO(f.read())))
    # The page's download names its columns in the reader's language.
    assert [(r["Lĩnh vực khoa học"], int(r["Ngân sách nhà nước (đồng)"])) for r in rows] == [
        ("medical_health", 6_000_000_000)]
