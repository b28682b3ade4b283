"""Tables written as CSV or XLSX files (the exports of every feature), and
read back (the imports).

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

from ckanext.thainguyen.core.text import FORMULA_STARTS, spreadsheet_safe

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}

# The first row of an export: the column codes programs read, or the
# columns' names in the reader's language.
HEADERS = ("codes", "labels")
# Rows of a sheet below its header that a drop-down list covers.
XLSX_LISTED_ROWS = 5000


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
            header: Optional[Sequence[str]] = None,
            lists: Optional[dict[str, tuple[Sequence[str], bool]]] = None,
            lists_sheet: str = "lists") -> bytes:
    """The records as one sheet. ``lists`` gives columns a drop-down list on
    every cell below the header: ``{column: (allowed values, strict)}``; a
    strict list refuses other values, a loose one only warns. The values go
    on a hidden sheet: a list written in the rule itself is limited to 255
    characters and cannot hold a comma."""
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
    listed = [(c, lists[c]) for c in columns if lists and c in lists and lists[c][0]]
    if listed:
        _add_lists(workbook, sheet, list(columns), listed, lists_sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_lists(workbook: Any, sheet: Any, columns: list[str],
               listed: list[tuple[str, tuple[Sequence[str], bool]]], lists_sheet: str) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    values_sheet = workbook.create_sheet(lists_sheet)
    longest = max(len(values) for _column, (values, _strict) in listed)
    for i in range(longest):
        values_sheet.append([spreadsheet_safe(values[i]) if i < len(values) else None
                             for _column, (values, _strict) in listed])
    values_sheet.sheet_state = "hidden"
    for n, (column, (values, strict)) in enumerate(listed, start=1):
        letter = get_column_letter(n)
        rule = DataValidation(type="list", allow_blank=True,
                              formula1=f"'{lists_sheet}'!${letter}$1:${letter}${len(values)}",
                              errorStyle="stop" if strict else "information")
        target = get_column_letter(columns.index(column) + 1)
        rule.add(f"{target}2:{target}{XLSX_LISTED_ROWS}")
        sheet.data_validations.append(rule)


# --- reading ---------------------------------------------------------------------

def cell_text(value: Any) -> str:
    """A cell as text: dates as ISO 8601 (a midnight time dropped), whole
    numbers without ``.0``, and formula-like text the exports wrote behind
    an apostrophe read back without it."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_STARTS:
        text = text[1:]
    return text


def read_csv(path: str) -> list[list[str]]:
    """The rows of a UTF-8 CSV file (with or without a BOM), separated by
    commas, semicolons or tabs, as text."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        sample = f.read(4096)
        f.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample.splitlines()[0] if sample else "",
                                               delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return [[cell_text(v) for v in row] for row in csv.reader(f, dialect)]


def read_xlsx(path: str, sheet_name: Optional[str] = None) -> list[list[str]]:
    """The rows of the sheet ``sheet_name`` of a workbook (else its first), as text."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        names = workbook.sheetnames
        sheet = workbook[sheet_name] if sheet_name in names else workbook.worksheets[0]
        return [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
