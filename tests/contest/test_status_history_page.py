"""The entry page's "Lịch sử trạng thái": each workflow step with its time in
Vietnam time, its status labels, the prize and who acted; shown to the
entrant and the organisers, never to judges or the public."""
from __future__ import annotations

import html
import re

import pytest

from tests.browser import Browser
from tests.contest.factories import publish_results

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_index"),
              pytest.mark.ckan_config("ckan.display_timezone", "Asia/Ho_Chi_Minh")]

HEADING = "Lịch sử trạng thái"
_ROW = re.compile(r'<tr class="contest-status-step"[^>]*>(.*?)</tr>', re.S)
_CELL = re.compile(r"<td>(.*?)</td>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _rows(body):
    return [[" ".join(html.unescape(_TAG.sub(" ", cell)).split()) for cell in _CELL.findall(row)]
            for row in _ROW.findall(body)]


def _page(app, user, entry):
    page = Browser(app, user).get(f"/contest/entry/{entry['name']}")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_entrant_and_organiser_read_the_steps(app, history_world):
    edition, entries, users = history_world
    publish_results(edition, users)
    for role in ("entrant", "organiser", "sysadmin"):
        body = _page(app, users[role], entries["winner"])
        assert HEADING in body
        rows = _rows(body)
        assert [change for when, change, who in rows] == [
            "Bản nháp → Đã nộp",
            "Đã nộp → Đang thẩm định",
            "Đang thẩm định → Vào chung khảo",
            "Vào chung khảo → Đạt giải Giải Nhất",
            "Đạt giải (công bố kết quả) Giải Nhất",
        ]
        assert [who for when, change, who in rows] == ["Người entrant"] + ["Người organiser"] * 4
        # 10:00, 10:00, 09:30, 08:00 and 03:00 UTC are 17:00, 17:00, 16:30,
        # 15:00 and 10:00 in Vietnam (UTC+7).
        times = [re.search(r"\d\d:\d\d", when).group(0) for when, change, who in rows]
        assert times == ["17:00", "17:00", "16:30", "15:00", "10:00"]
        assert "2025" in rows[0][0]
    quitter = _rows(_page(app, users["entrant"], entries["quitter"]))
    assert [change for when, change, who in quitter] == ["Bản nháp → Đã nộp", "Đã nộp → Đã rút"]


def test_judges_and_the_public_do_not_see_it(app, history_world):
    edition, entries, users = history_world
    assert HEADING not in _page(app, users["judge"], entries["winner"])
    publish_results(edition, users)
    # Awarded and published: the entry is public, its history is not.
    for user in (users["judge"], users["other"], None):
        body = _page(app, user, entries["winner"])
        assert HEADING not in body and not _rows(body)


def test_the_entrant_sees_no_prize_before_publication(app, history_world):
    edition, entries, users = history_world
    entrant = [change for when, change, who in _rows(_page(app, users["entrant"], entries["winner"]))]
    # The award step itself waits for the results (schemas/innovation_entry.yaml).
    assert entrant[-1].endswith("→ Vào chung khảo")
    assert not any("Đạt giải" in change for change in entrant)
    organiser = [change for when, change, who in _rows(_page(app, users["organiser"], entries["winner"]))]
    assert organiser[-1] == "Vào chung khảo → Đạt giải Giải Nhất"


def test_the_english_page(app, history_world):
    edition, entries, users = history_world
    body = Browser(app, users["entrant"]).get(f"/en/contest/entry/{entries['quitter']['name']}")
    body = body.get_data(as_text=True)
    assert "Status history" in body
    assert [change for when, change, who in _rows(body)] == [
        "Draft → Submitted", "Submitted → Withdrawn"]
