"""The catalogue written as a spreadsheet: the export (every entry with a
code) and the template (the columns, drop-down lists, one example row)."""
from __future__ import annotations

from typing import Any, Iterator

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.catalogue.rules import SHARED_WITH_ALL
from ckanext.thainguyen.catalogue.spreadsheet.columns import (
    CHOICE, LICENCE, LISTS_SHEET, MULTI, ORG, ORGS, SHEET, Column, Lookups, all_label,
    choice_label, ui_lang,
)
from ckanext.thainguyen.catalogue.spreadsheet.importing import entry_ids_by_code
from ckanext.thainguyen.core import tables


def entries(context: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every live catalogue entry with a code that ``context`` may see, by code."""
    ids = entry_ids_by_code()
    for code in sorted(ids):
        try:
            yield tk.get_action("package_show")(dict(context, use_cache=False), {"id": ids[code]})
        except tk.NotAuthorized:
            continue


def _lists(column_list: list[Column], lookups: Lookups, labels: bool) -> dict[str, tuple[list[str], bool]]:
    lang = ui_lang()
    found: dict[str, tuple[list[str], bool]] = {}
    for column in column_list:
        if column.kind in (CHOICE, MULTI):
            values = [choice_label(column, c["value"], lang) if labels else c["value"]
                      for c in column.choices]
            # A list field's cell holds several values: the list only suggests.
            found[column.name] = (values, column.kind == CHOICE)
        elif column.kind == ORG:
            found[column.name] = (lookups.org_names, True)
        elif column.kind == ORGS:
            found[column.name] = ([all_label() if labels else SHARED_WITH_ALL, *lookups.org_names],
                                  False)
        elif column.kind == LICENCE:
            found[column.name] = (lookups.licence_ids, True)
    return found


def write(column_list: list[Column], rows: list[dict[str, str]], fmt: str, labels: bool,
          lookups: Lookups) -> bytes:
    """The rows as a file: the header (field names, or labels in the UI
    language), drop-down lists of the allowed values in an XLSX."""
    lang = ui_lang()
    header = [column.title(lang) if labels else column.name for column in column_list]
    records = [{title: row.get(column.name, "") for title, column in zip(header, column_list)}
               for row in rows]
    if fmt == "csv":
        return tables.to_csv(header, records).encode("utf-8")
    by_name = _lists(column_list, lookups, labels)
    lists = {title: by_name[column.name] for title, column in zip(header, column_list)
             if column.name in by_name}
    return tables.to_xlsx(header, records, SHEET, lists=lists, lists_sheet=LISTS_SHEET)


def example_row(lookups: Lookups) -> dict[str, str]:
    """One entry as a steward would fill it in (the template's example)."""
    org = lookups.org_names[0] if lookups.org_names else "ten-co-quan"
    return {
        "title": "Cơ sở dữ liệu đất đai tỉnh Thái Nguyên",
        "name": "co-so-du-lieu-dat-dai",
        "catalogue_code": "TN-CSDL-001",
        "notes": "Hồ sơ địa chính, bản đồ địa chính và giá đất của toàn tỉnh.",
        "sharing_mode": "special",
        "shared_with": "",
        "access_conditions": "Cán bộ có nhiệm vụ, theo đề nghị bằng văn bản.",
        "approving_authority": "Giám đốc Sở Nông nghiệp và Môi trường",
        "sector": "land",
        "owner_org": org,
        "managing_unit": "Văn phòng Đăng ký đất đai",
        "legal_basis": "Quyết định số 01/QĐ-UBND",
        "update_frequency": "monthly",
        "temporal_coverage_start": "2020-01-01",
        "temporal_coverage_end": "",
        "spatial_coverage": "Toàn tỉnh Thái Nguyên",
        "connection_method": "file-download; lgsp-api",
        "contact_name": "Nguyễn Văn A",
        "contact_email": "vpdkdd@thainguyen.gov.vn",
        "contact_phone": "0208 3855 555",
        "tag_string": "đất đai, địa chính",
        "license_id": "other-closed",
    }
