"""CSV and XLSX exports of science projects, one row per funding year.

Amounts are written as plain integers (whole đồng) so that a spreadsheet or
a script reads back exactly the figures of the summary (``core.tables``).
"""
from __future__ import annotations

from typing import Any, Iterable

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.core import tables

COLUMNS = (
    "project_code", "title", "name", "level", "field_of_science",
    "host_organization", "host_organization_title", "status", "commissioned",
    "commissioned_by", "pi_name", "start_date", "end_date",
    "year", "state_budget_vnd", "non_budget_vnd", "disbursed_vnd", "total_vnd",
)


def column_labels() -> dict[str, str]:
    """The columns' names for people, in the reader's language (the web
    export's header row; programs read the codes)."""
    _ = tk._
    return {
        "project_code": _("Project code"), "title": _("Project title"), "name": _("URL name"),
        "level": _("Level"), "field_of_science": _("Field of science"),
        "host_organization": _("Host organisation (code)"),
        "host_organization_title": _("Host organisation"), "status": _("Status"),
        "commissioned": _("Commissioned"), "commissioned_by": _("Commissioned by"),
        "pi_name": _("Principal investigator"), "start_date": _("Start date"),
        "end_date": _("End date"), "year": _("Year"),
        "state_budget_vnd": _("State budget (VND)"),
        "non_budget_vnd": _("Non-budget funds (VND)"),
        "disbursed_vnd": _("Disbursed (VND)"), "total_vnd": _("Total (VND)"),
    }


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
            "start_date": project.start_date,
            "end_date": project.end_date,
            "year": funding.year if funding else None,
            "state_budget_vnd": state,
            "non_budget_vnd": non_budget,
            "disbursed_vnd": funding.disbursed_vnd if funding else None,
            "total_vnd": (state + non_budget) if funding else None,
        })
    return out


def header_row(header: str = "codes") -> list[str]:
    if header == "labels":
        labels = column_labels()
        return [labels[c] for c in COLUMNS]
    return list(COLUMNS)


def to_csv(records: list[dict[str, Any]], header: str = "codes") -> str:
    return tables.to_csv(COLUMNS, records, header_row(header), day_first=header == "labels")


def to_xlsx(records: list[dict[str, Any]], header: str = "codes") -> bytes:
    return tables.to_xlsx(COLUMNS, records, "nhiem_vu_khcn", header_row(header))
