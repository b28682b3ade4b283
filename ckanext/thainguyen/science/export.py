"""CSV and XLSX exports of science projects, one row per funding year.

Amounts are written as plain integers (whole đồng) so that a spreadsheet or
a script reads back exactly the figures of the summary (``core.tables``).
"""
from __future__ import annotations

from typing import Any, Iterable

from ckanext.thainguyen.core import tables

COLUMNS = (
    "project_code", "title", "name", "level", "field_of_science",
    "host_organization", "host_organization_title", "status", "commissioned",
    "commissioned_by", "pi_name", "start_date", "end_date",
    "year", "state_budget_vnd", "non_budget_vnd", "disbursed_vnd", "total_vnd",
)
AMOUNT_COLUMNS = ("state_budget_vnd", "non_budget_vnd", "disbursed_vnd", "total_vnd")

MIMETYPES = {fmt: tables.MIMETYPES[fmt] for fmt in ("csv", "xlsx")}


def rows(records: Iterable[tuple[Any, Any, Any]]) -> list[dict[str, Any]]:
    out = []
    for project, funding, org in records:
        state = funding.state_budget_vnd if funding else None
        non_budget = funding.non_budget_vnd if funding else None
        out.append({
            "project_code": project.project_code,
            "title": project.title,
            "name": project.name,
            "level": project.level,
            "field_of_science": project.field_of_science,
            "host_organization": org.name if org else project.owner_org,
            "host_organization_title": (org.title or org.name) if org else "",
            "status": project.status,
            "commissioned": "yes" if project.commissioned else "no",
            "commissioned_by": project.commissioned_by or "",
            "pi_name": project.pi_name or "",
            "start_date": project.start_date.isoformat() if project.start_date else "",
            "end_date": project.end_date.isoformat() if project.end_date else "",
            "year": funding.year if funding else None,
            "state_budget_vnd": state,
            "non_budget_vnd": non_budget,
            "disbursed_vnd": funding.disbursed_vnd if funding else None,
            "total_vnd": (state + non_budget) if funding else None,
        })
    return out


def to_csv(records: list[dict[str, Any]]) -> str:
    return tables.to_csv(COLUMNS, records)


def to_xlsx(records: list[dict[str, Any]]) -> bytes:
    return tables.to_xlsx(COLUMNS, records, "nhiem_vu_khcn")
