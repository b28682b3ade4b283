"""A spreadsheet's rows by field name: the header names each column by its
field name or by its label (Vietnamese or English)."""
from __future__ import annotations

import dataclasses
import os

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.catalogue.spreadsheet.columns import FORMATS, KEY, SHEET, Column, folded
from ckanext.thainguyen.core import tables


class SpreadsheetError(Exception):
    """The file cannot be read as a catalogue at all (format, header)."""


@dataclasses.dataclass
class Sheet:
    headers: dict[str, str]  # field name -> header as written in the file
    rows: list[tuple[int, dict[str, str]]]  # (row number in the file, cells by field name)


def file_format(path: str) -> str:
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    if ext not in FORMATS:
        raise SpreadsheetError(tk._("{path}: not a CSV or XLSX file (.csv, .xlsx)").format(path=path))
    return ext


def _header(path: str, first_line: list[str], column_list: list[Column]) -> tuple[dict[str, str], dict[int, str]]:
    by_text: dict[str, Column] = {}
    for column in column_list:
        for text in (*column.label.values(), column.name):
            by_text[folded(text)] = column
    headers: dict[str, str] = {}
    positions: dict[int, str] = {}
    unknown = []
    for position, header in enumerate(first_line):
        if not header:
            continue
        column = by_text.get(folded(header))
        if column is None:
            unknown.append(header)
        elif column.name in headers:
            raise SpreadsheetError(tk._('{path}: columns "{first}" and "{second}" are the same '
                                        'field').format(path=path, first=headers[column.name],
                                                        second=header))
        else:
            headers[column.name] = header
            positions[position] = column.name
    if unknown:
        raise SpreadsheetError(tk._("{path}: columns that are not catalogue fields: {names}").format(
            path=path, names=", ".join(f'"{name}"' for name in unknown)))
    if KEY not in headers:
        raise SpreadsheetError(tk._('{path}: the file needs a column "{label}" ({name}): entries '
                                    'are found by their catalogue code').format(
            path=path, label=tk._("Catalogue code"), name=KEY))
    return headers, positions


def read(path: str, column_list: list[Column]) -> Sheet:
    """The rows of the file that have any cell filled in, cells by field name."""
    fmt = file_format(path)
    try:
        lines = tables.read_xlsx(path, SHEET) if fmt == "xlsx" else tables.read_csv(path)
    except Exception as e:  # OS, encoding, CSV, and openpyxl's errors on a file that is not a workbook
        raise SpreadsheetError(f"{path}: {e}") from e
    if not lines:
        raise SpreadsheetError(tk._("{path}: the file is empty").format(path=path))
    headers, positions = _header(path, lines[0], column_list)
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = {name: (line[position] if position < len(line) else "")
                 for position, name in positions.items()}
        if any(cells.values()):
            rows.append((number, cells))
    return Sheet(headers, rows)
