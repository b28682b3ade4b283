"""Builders shared by the innovation-contest tests (no tests here).

Every edition built here uses the same calendar, so tests freeze time at
one of the named moments below.
"""
from __future__ import annotations

from typing import Any

from freezegun import freeze_time

from ckan.tests import factories, helpers

BEFORE_OPENING = "2025-02-15 10:00:00"
SUBMISSIONS_OPEN = "2025-04-01 10:00:00"
JUDGING = "2025-07-15 10:00:00"
AFTER_JUDGING = "2025-09-15 10:00:00"

CRITERIA = [
    {"name": "novelty", "label": "Tính mới", "weight": 30},
    {"name": "feasibility", "label": "Tính khả thi", "weight": 25},
    {"name": "impact", "label": "Hiệu quả", "weight": 45},
]


def edition_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "dmst-2025",
        "title": "2025 – lần thứ Nhất",
        "year": 2025,
        "theme": "Đổi mới sáng tạo – vì Thái Nguyên thân yêu",
        "rules": "Mỗi tác giả được gửi tối đa ba giải pháp.",
        "categories": [
            {"name": "nong-nghiep", "label": "Nông nghiệp"},
            {"name": "chuyen-doi-so", "label": "Chuyển đổi số"},
        ],
        "criteria": CRITERIA,
        "prizes": [
            {"level": "first", "count": 1},
            {"level": "second", "count": 1},
            {"level": "third", "count": 2},
            {"level": "consolation", "count": 3},
        ],
        "submission_opens": "2025-03-01",
        "submission_closes": "2025-06-30",
        "judging_opens": "2025-07-01",
        "judging_closes": "2025-08-31",
    }
    data.update(overrides)
    return data


def contest_org() -> dict[str, Any]:
    return factories.Organization(name="doi-moi-sang-tao", title="Ban tổ chức cuộc thi")


def make_edition(**overrides: Any) -> dict[str, Any]:
    sysadmin = factories.Sysadmin()
    return helpers.call_action("thainguyen_contest_edition_create",
                               {"user": sysadmin["name"]}, **edition_data(**overrides))


def entry_data(edition: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    data = {
        "contest_edition": edition["name"],
        "contest_category": "nong-nghiep",
        "title": "Máy sấy chè dùng năng lượng mặt trời",
        "notes": "Giảm chi phí sấy chè cho hộ nông dân.",
        "problem": "Chi phí sấy chè bằng củi cao.",
        "solution": "Buồng sấy tấm pin mặt trời.",
        "novelty": "Điều khiển độ ẩm tự động.",
        "application_scope": "Các vùng chè Tân Cương.",
        "expected_impact": "Giảm 40% chi phí.",
        "stage": "prototype",
        "entrant_type": "citizen",
        "team": [
            {"name": "Nguyễn Văn An", "role": "Chủ nhiệm", "organisation": "HTX Chè Tân Cương",
             "email": "an.nguyen@example.vn", "phone": "0912 345 678"},
            {"name": "Trần Thị Bình", "role": "Thành viên", "organisation": "Đại học Thái Nguyên",
             "email": "binh.tran@example.vn", "phone": "0987 654 321"},
        ],
    }
    data.update(overrides)
    return data


def make_entry(user: dict[str, Any], edition: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return helpers.call_action("thainguyen_entry_create", {"user": user["name"]},
                               **entry_data(edition, **overrides))


def submitted_entry() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A new edition with one citizen's entry, submitted: (edition, citizen, entry).

    Call while submissions are open (``freeze_time(SUBMISSIONS_OPEN)``).
    """
    contest_org()
    edition = make_edition()
    citizen = factories.User()
    entry = make_entry(citizen, edition)
    helpers.call_action("thainguyen_entry_submit", as_user(citizen), id=entry["id"])
    return edition, citizen, entry


def as_user(user: Any) -> dict[str, Any]:
    return {"user": user["name"] if user else "", "ignore_auth": False}


def assign(role: str, edition: dict[str, Any], user: dict[str, Any]) -> None:
    sysadmin = factories.Sysadmin()
    helpers.call_action(f"thainguyen_{role}_assign", {"user": sysadmin["name"]},
                        id=edition["id"], user=user["name"])


# One moment per workflow step of ``history_world``, so that the expected
# order of its status history is the order of time.
SUBMITTED_AT = "2025-04-01T10:00:00"
REVIEW_AT = "2025-07-15T10:00:00"
SHORTLIST_AT = "2025-07-16T09:30:00"
AWARD_AT = "2025-07-20T08:00:00"
PUBLISH_AT = "2025-09-01T03:00:00"
WITHDRAW_AT = "2025-04-02T11:15:00"


def history_world() -> tuple[dict[str, Any], dict[str, dict[str, Any]], dict[str, Any]]:
    """An edition with a winner awarded (not yet published) and an entry
    withdrawn, each step at its own moment; users by role."""
    with freeze_time(SUBMISSIONS_OPEN):
        contest_org()
        edition = make_edition()
        users = {name: factories.User(fullname=f"Người {name}")
                 for name in ("entrant", "other", "judge", "organiser")}
        users["sysadmin"] = factories.Sysadmin()
        assign("judge", edition, users["judge"])
        assign("organiser", edition, users["organiser"])
        winner = make_entry(users["entrant"], edition)
        quitter = make_entry(users["entrant"], edition, title="Bản rút lui")
    entrant, organiser = as_user(users["entrant"]), as_user(users["organiser"])
    with freeze_time(SUBMITTED_AT):
        for entry in (winner, quitter):
            helpers.call_action("thainguyen_entry_submit", entrant, id=entry["id"])
    with freeze_time(WITHDRAW_AT):
        helpers.call_action("thainguyen_entry_withdraw", entrant, id=quitter["id"])
    for moment, status in ((REVIEW_AT, "under_review"), (SHORTLIST_AT, "shortlisted")):
        with freeze_time(moment):
            helpers.call_action("thainguyen_entry_set_status", organiser, id=winner["id"], status=status)
    with freeze_time(AWARD_AT):
        helpers.call_action("thainguyen_entry_award", organiser, id=winner["id"], prize="first")
    return edition, {"winner": winner, "quitter": quitter}, users


def publish_results(edition: dict[str, Any], users: dict[str, Any]) -> None:
    """Publish the results of ``history_world``'s edition at PUBLISH_AT."""
    with freeze_time(PUBLISH_AT):
        helpers.call_action("thainguyen_contest_publish_results", as_user(users["organiser"]),
                            id=edition["id"])
