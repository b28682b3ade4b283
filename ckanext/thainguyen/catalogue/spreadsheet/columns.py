"""The spreadsheet's columns: one per field of the catalogue schema, named
by field name or by label, and how a cell becomes what ``package_create``
takes (codes for labels, lists for list fields) and back."""
from __future__ import annotations

import dataclasses
import unicodedata
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen.catalogue.rules import CATALOGUE_TYPE, SHARED_WITH_ALL, parse_list

KEY = "catalogue_code"
SHEET = "danh_muc"
LISTS_SHEET = "gia_tri"
FORMATS = ("xlsx", "csv")
HEADER_CODES, HEADER_LABELS = "codes", "labels"
# A cell of a list field holds several values separated like this.
LIST_SEPARATOR = ";"
# Fields of the schema that no spreadsheet carries: the free extras are
# edited on the form only.
SKIPPED = {"thainguyen_free_extras"}

TEXT, CHOICE, MULTI, ORG, ORGS, TAGS, LICENCE = (
    "text", "choice", "multi", "org", "orgs", "tags", "licence")


@dataclasses.dataclass
class Column:
    name: str
    label: dict[str, str]
    kind: str
    choices: list[dict[str, Any]]

    def title(self, lang: str) -> str:
        return self.label.get(lang) or self.label.get("vi") or self.name


def _kind(field: dict[str, Any]) -> str:
    name = field["field_name"]
    special = {"owner_org": ORG, "shared_with": ORGS, "tag_string": TAGS, "license_id": LICENCE}
    if name in special:
        return special[name]
    if field.get("choices"):
        return MULTI if "multiple" in str(field.get("preset", "")) else CHOICE
    return TEXT


def columns() -> list[Column]:
    """The spreadsheet's columns, in the order of the schema."""
    from ckanext.scheming.helpers import scheming_get_dataset_schema

    schema = scheming_get_dataset_schema(CATALOGUE_TYPE) or {}
    found = []
    for field in schema.get("dataset_fields", []):
        if field["field_name"] in SKIPPED:
            continue
        label = field.get("label") or field["field_name"]
        label = label if isinstance(label, dict) else {"vi": str(label), "en": str(label)}
        found.append(Column(field["field_name"], label, _kind(field), field.get("choices") or []))
    return found


def ui_lang() -> str:
    try:
        return tk.h.lang() or tk.config.get("ckan.locale_default") or "vi"
    except Exception:  # outside a request
        return tk.config.get("ckan.locale_default") or "vi"


def folded(text: Any) -> str:
    """Text as a person may write it, compared without case or spacing."""
    return unicodedata.normalize("NFC", str(text or "")).strip().casefold()


def split_cell(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def all_label() -> str:
    return tk._("All state agencies")


class Lookups:
    """Organisations and licences by every name a person may write, read once."""

    def __init__(self) -> None:
        orgs = (model.Session.query(model.Group.id, model.Group.name, model.Group.title)
                .filter(model.Group.is_organization.is_(True), model.Group.state == "active")
                .order_by(model.Group.name).all())
        self.org_names = [name for _id, name, _title in orgs]
        self.org_name_of_id = {org_id: name for org_id, name, _title in orgs}
        self.org_by_text: dict[str, str] = {}
        for org_id, name, title in orgs:
            for text in (title, org_id, name):  # a name wins over another's title
                if text:
                    self.org_by_text[folded(text)] = name
        register = model.Package.get_license_register()
        self.licence_ids = [lic.id for lic in register.values()]
        self.licence_by_text: dict[str, str] = {}
        for lic in register.values():
            for text in (lic.title, lic.id):
                self.licence_by_text[folded(text)] = lic.id

    def org(self, text: str) -> str:
        return self.org_by_text.get(folded(text), text)


def choice_value(column: Column, text: str) -> str:
    wanted = folded(text)
    for choice in column.choices:
        labels = choice.get("label")
        labels = labels.values() if isinstance(labels, dict) else [labels]
        if wanted == folded(choice["value"]) or wanted in {folded(label) for label in labels}:
            return choice["value"]
    return text


def choice_label(column: Column, value: str, lang: str) -> str:
    for choice in column.choices:
        if choice["value"] == value:
            label = choice.get("label") or value
            return label.get(lang) or label.get("vi") or value if isinstance(label, dict) else label
    return value


def cell_value(column: Column, text: str, lookups: Lookups) -> Any:
    """What a cell gives ``package_create``: codes for labels, lists for list fields."""
    if column.kind == CHOICE:
        return choice_value(column, text) if text else ""
    if column.kind == MULTI:
        return [choice_value(column, part) for part in split_cell(text)]
    if column.kind == ORGS:
        all_texts = {folded(SHARED_WITH_ALL), folded(all_label())}
        return [SHARED_WITH_ALL if folded(part) in all_texts else lookups.org(part)
                for part in split_cell(text)]
    if column.kind == ORG:
        return lookups.org(text) if text else ""
    if column.kind == LICENCE:
        return lookups.licence_by_text.get(folded(text), text) if text else ""
    return text


def row_cells(column_list: list[Column], pkg: dict[str, Any], lookups: Lookups,
              labels: bool = False) -> dict[str, str]:
    """The cells of one stored entry, as the export writes them (codes, or
    the labels of choices in the UI language with ``labels``)."""
    lang = ui_lang()
    cells: dict[str, str] = {}
    for column in column_list:
        value = pkg.get(column.name)
        if column.kind == CHOICE:
            text = str(value or "")
            cells[column.name] = choice_label(column, text, lang) if labels and text else text
        elif column.kind == MULTI:
            values = parse_list(value)
            cells[column.name] = f"{LIST_SEPARATOR} ".join(
                choice_label(column, v, lang) if labels else v for v in values)
        elif column.kind == ORGS:
            names = [(all_label() if labels else SHARED_WITH_ALL) if ref == SHARED_WITH_ALL
                     else lookups.org_name_of_id.get(ref, ref) for ref in parse_list(value)]
            cells[column.name] = f"{LIST_SEPARATOR} ".join(sorted(names))
        elif column.kind == ORG:
            cells[column.name] = lookups.org_name_of_id.get(value, value or "")
        elif column.kind == TAGS:
            cells[column.name] = ", ".join(sorted(t["name"] for t in pkg.get("tags") or []))
        else:
            cells[column.name] = "" if value is None else str(value)
    return cells


def label_cells(column_list: list[Column], row: dict[str, str]) -> dict[str, str]:
    """A row of codes with its choices as labels in the UI language."""
    lang = ui_lang()
    labelled = dict(row)
    for column in column_list:
        text = row.get(column.name, "")
        if column.kind == CHOICE and text:
            labelled[column.name] = choice_label(column, text, lang)
        elif column.kind == MULTI:
            labelled[column.name] = f"{LIST_SEPARATOR} ".join(
                choice_label(column, v, lang) for v in split_cell(text))
        elif column.kind == ORGS:
            labelled[column.name] = f"{LIST_SEPARATOR} ".join(
                all_label() if v == SHARED_WITH_ALL else v for v in split_cell(text))
    return labelled


def column_title(headers: dict[str, str], column_list: list[Column], field: Optional[str]) -> str:
    """A column as the reader of a report knows it: its header in the file
    (``headers``: field name -> header), else its label in the UI language
    and field name."""
    if field in headers:
        return f'"{headers[field]}"'
    for column in column_list:
        if column.name == field:
            return f'"{column.title(ui_lang())}" ({field})'
    return f'"{field}"'
