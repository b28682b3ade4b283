"""Tables written as CSV or XLSX files (the exports of every feature).

Text that a spreadsheet would take for a formula is written so that it
stays text; numbers stay numbers, so a spreadsheet or a script reads back
exactly the figures the portal shows. Dates are ISO 8601 in a CSV file for
programs, day first (``31/12/2025``) for people, and real dates shown day
first in a workbook.
"""
from __future__ import annotations

import csv
import datetime
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


def _is_day(value: Any) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def to_csv(columns: Sequence[str], records: Iterable[dict[str, Any]],
           header: Optional[Sequence[str]] = None, day_first: bool = False) -> str:
    def text(value: Any) -> Any:
        if value is None:
            return ""
        if _is_day(value):
            return value.strftime("%d/%m/%Y") if day_first else value.isoformat()
        return spreadsheet_safe(value)

    buffer = io.StringIO()
    # The BOM lets Excel open Vietnamese text as UTF-8.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(list(header or columns))
    for record in records:
        writer.writerow([text(record.get(c)) for c in columns])
    return buffer.getvalue()


def to_xlsx(columns: Sequence[str], records: Iterable[dict[str, Any]], sheet_name: str,
            header: Optional[Sequence[str]] = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)

    def cell(value: Any) -> Any:
        if _is_day(value):
            # A real date, shown day first whatever the spreadsheet's language.
            day = WriteOnlyCell(sheet, value=value)
            day.number_format = "DD/MM/YYYY"
            return day
        return spreadsheet_safe(value)

    sheet.append(list(header or columns))
    for record in records:
        sheet.append([cell(record.get(c)) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
