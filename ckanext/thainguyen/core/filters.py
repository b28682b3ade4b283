"""Validators of the filters of summaries and exports, shared by every
feature's schemas (the catalogue overview, the funding dashboard): a filter
takes a list or comma-separated text, and an export names its first row."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen.core.tables import HEADERS


def as_list(value: Any) -> list[str]:
    """A filter's values: a list, or text separated by commas (query strings)."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    raise tk.Invalid(tk._("Give a list of values or a comma-separated text."))


def choice_list(choices: Any) -> Any:
    """Validator of a filter whose values must all be among ``choices``."""
    def validator(value: Any) -> list[str]:
        values = as_list(value)
        unknown = [v for v in values if v not in choices]
        if unknown:
            raise tk.Invalid(tk._("Unknown value: {0}").format(", ".join(unknown)))
        return values
    return validator


def organization_list(value: Any) -> list[str]:
    """Organisation names or ids -> ids."""
    ids = []
    for ref in as_list(value):
        org = model.Group.get(ref)
        if org is None or not org.is_organization or org.state != "active":
            raise tk.Invalid(tk._("Unknown organisation: {0}").format(ref))
        ids.append(org.id)
    return ids


def export_header(value: Any) -> str:
    """An export's first row: ``codes`` or ``labels`` (``core.tables.HEADERS``)."""
    text = str(value).strip().lower()
    if text not in HEADERS:
        raise tk.Invalid(tk._("Choose codes or labels."))
    return text
