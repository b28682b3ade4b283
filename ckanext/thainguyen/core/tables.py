"""Tables written as CSV or XLSX files (the exports of every feature).

Text that a spreadsheet would take for a formula is written so that it
stays text; numbers stay numbers, so a spreadsheet or a script reads back
exactly the figures the portal shows.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Optional, Sequence

from ckanext.thainguyen.core.text import spreadsheet_safe

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}

# The first row of an export: the column codes programs read, or the
# columns' names in the reader's language.
HEADERS = ("codes", "labels")


def _cell(value: Any) -> Any:
    return "" if value is None else spreadsheet_safe(value)


def to_csv(columns: Sequence[str], records: Iterable[dict[str, Any]],
           header: Optional[Sequence[str]] = None) -> str:
    buffer = io.StringIO()
    # The BOM lets Excel open Vietnamese text as UTF-8.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(list(header or columns))
    for record in records:
        writer.writerow([_cell(record.get(c)) for c in columns])
    return buffer.getvalue()


def to_xlsx(columns: Sequence[str], records: Iterable[dict[str, Any]], sheet_name: str,
            header: Optional[Sequence[str]] = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(list(header or columns))
    for record in records:
        sheet.append([spreadsheet_safe(record.get(c)) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
