"""The submission form and the scoring page in a real headless Chromium
(Debian's, driven by Playwright; no browser download).

The CKAN app under test runs in a thread of this test process on
127.0.0.1, on the suite's database and Solr. Time is not frozen here (the
browser driver needs a running clock): the edition's windows are set
around the real present instead.
"""
from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import sync_playwright

from ckan.tests import factories, helpers

from tests.contest.factories import assign, contest_org, make_edition

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PASSWORD = "Mat-khau-2025!"


@pytest.fixture
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _day(offset: int) -> str:
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def _login(browser, server, user):
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(f"{server}/user/login")
    page.fill("#field-login", user["name"])
    page.fill("#field-password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_load_state()
    return page


def test_submit_through_the_form_then_score_it(server, chromium):
    contest_org()
    edition = make_edition(submission_opens=_day(-1), submission_closes=_day(10),
                           judging_opens=_day(11), judging_closes=_day(40))
    citizen = factories.User(password=PASSWORD)
    judge = factories.User(password=PASSWORD)
    assign("judge", edition, judge)

    # The entrant fills in the submission form and submits at once.
    page = _login(chromium, server, citizen)
    page.goto(f"{server}/contest/dmst-2025")
    page.click("a[href$='/contest/dmst-2025/submit']")
    page.wait_for_url("**/contest/dmst-2025/submit")
    page.fill("#field-title", "Hệ thống tưới chè tự động")
    page.select_option("#field-contest_category", "nong-nghiep")
    page.fill("#field-notes", "Tưới nhỏ giọt theo độ ẩm đất.")
    page.fill("#field-solution", "Cảm biến độ ẩm và van điện từ.")
    page.select_option("#field-stage", "prototype")
    page.select_option("#field-entrant_type", "citizen")
    page.fill("#field-team-0-name", "Hoàng Thị Dung")
    page.fill("#field-team-0-organisation", "HTX Chè La Bằng")
    page.fill("#field-team-0-email", "dung.hoang@example.vn")
    page.fill("#field-team-0-phone", "0977 111 222")
    page.click("button[name=save][value=submit]")
    page.wait_for_url("**/contest/entry/**")
    assert page.locator(".contest-status").get_attribute("data-status") == "submitted"
    assert "dung.hoang@example.vn" in page.locator("table.contest-team").inner_text()
    entry_url = page.url

    # Submissions close and judging opens.
    sysadmin = factories.Sysadmin()
    helpers.call_action("thainguyen_contest_edition_update", {"user": sysadmin["name"]},
                        id=edition["id"], submission_opens=_day(-20), submission_closes=_day(-10),
                        judging_opens=_day(-1), judging_closes=_day(30))

    # The judge sees one entry left to score, scores it, and it is done.
    page = _login(chromium, server, judge)
    page.goto(f"{server}/contest/dmst-2025/judge")
    assert _numbers(page.locator(".contest-left").inner_text()) == [1, 1]  # left, of
    rows = page.locator("table.contest-judge-entries tbody tr[data-entry]")
    assert rows.count() == 1
    rows.first.locator("a.btn").click()
    page.wait_for_url("**/score")
    page.fill("#field-score-novelty", "11")  # out of range: refused by the action
    page.fill("#field-score-feasibility", "7")
    page.fill("#field-score-impact", "9")
    page.evaluate("document.getElementById('contest-score-form').noValidate = true")
    page.click("#contest-score-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("li[data-field=novelty]").count() == 1
    page.fill("#field-score-novelty", "8.5")
    page.fill("#field-comment", "Dễ nhân rộng.")
    page.click("#contest-score-form button[type=submit]")
    page.wait_for_url("**/contest/dmst-2025/judge")
    assert "Tính mới: 8.5" in rows.first.inner_text()
    assert _numbers(page.locator(".contest-left").inner_text()) == [0, 1]
    # The judge never sees the team's contact details.
    page.goto(entry_url)
    assert "Hoàng Thị Dung" in page.content() and "dung.hoang@example.vn" not in page.content()

    sheets = helpers.call_action("thainguyen_judge_assignments", {"user": judge["name"]},
                                 id=edition["id"])
    assert [(s["scores"], s["comment"]) for s in sheets] == [
        ({"novelty": 8.5, "feasibility": 7, "impact": 9}, "Dễ nhân rộng.")]
