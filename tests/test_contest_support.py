"""Builders shared by the innovation-contest tests (no tests here).

Every edition built here uses the same calendar, so tests freeze time at
one of the named moments below.
"""
from __future__ import annotations

from typing import Any

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


def as_user(user: Any) -> dict[str, Any]:
    return {"user": user["name"] if user else "", "ignore_auth": False}


def assign(role: str, edition: dict[str, Any], user: dict[str, Any]) -> None:
    sysadmin = factories.Sysadmin()
    helpers.call_action(f"thainguyen_{role}_assign", {"user": sysadmin["name"]},
                        id=edition["id"], user=user["name"])
