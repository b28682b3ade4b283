"""Builders for science-project tests (shared by tests/science and the tests naming science projects)."""
from __future__ import annotations

from typing import Any

from ckan.tests import factories, helpers

DEPARTMENT = "so-khoa-hoc-cong-nghe"
_counter = iter(range(1, 10**6))


def department_org(**kwargs: Any) -> dict[str, Any]:
    return factories.Organization(name=DEPARTMENT, title="Sở Khoa học và Công nghệ", **kwargs)


def project_dict(owner_org: str, **overrides: Any) -> dict[str, Any]:
    n = next(_counter)
    data: dict[str, Any] = {
        "type": "science-project",
        "name": f"nhiem-vu-{n}",
        "title": f"Nhiệm vụ khoa học số {n}",
        "project_code": f"KHCN-TN-2025-{n % 1000:03d}",
        "level": "provincial",
        "field_of_science": "agricultural",
        "owner_org": owner_org,
        "pi_name": "PGS.TS. Nguyễn Văn A",
        "pi_email": "nguyenvana@tnu.edu.vn",
        "pi_phone": "0208 3855 123",
        "start_date": "2024-01-01",
        "end_date": "2025-12-31",
        "status": "in_progress",
        "commissioned": "yes",
        "commissioned_by": "UBND tỉnh Thái Nguyên",
        "funding": [
            {"year": 2024, "state_budget_vnd": "1 tỷ", "non_budget_vnd": "300.000.000",
             "disbursed_vnd": 1_000_000_000},
            {"year": 2025, "state_budget_vnd": 2_000_000_000, "non_budget_vnd": 0,
             "disbursed_vnd": 0},
        ],
    }
    data.update(overrides)
    return data


def site_context() -> dict[str, Any]:
    site_user = helpers.call_action("get_site_user", context={"ignore_auth": True})
    return {"user": site_user["name"], "ignore_auth": True}


def create_project(owner_org: str, user: dict[str, Any] | None = None, **overrides: Any) -> dict[str, Any]:
    context = {"user": user["name"]} if user else site_context()
    return helpers.call_action("package_create", context=context, **project_dict(owner_org, **overrides))
