"""Validation schemas of the catalogue's own actions."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.catalogue.overview import EXPORT_FORMATS
from ckanext.thainguyen.catalogue.rules import CATALOGUE_TYPE, MODES
from ckanext.thainguyen.core.text import schema_choices
from ckanext.thainguyen.core.filters import choice_list, export_header, organization_list
from ckanext.thainguyen.core.validators import optional_text, thainguyen_natural_number

# Entries per page of the overview: CKAN's search pages list 20.
PAGE_SIZE, MAX_PAGE_SIZE = 20, 100


# navl runs a field's later validators after one failed: these let
# thainguyen_natural_number's refusal stand alone.
def _at_least_one(value: Any) -> Any:
    if isinstance(value, int) and value < 1:
        raise tk.Invalid(tk._("Enter a whole number, 1 or more"))
    return value


def _at_most(limit: int) -> Any:
    def validator(value: Any) -> Any:
        if isinstance(value, int) and value > limit:
            raise tk.Invalid(tk._("At most {n}").format(n=limit))
        return value
    return validator


def _export_format(value: Any) -> str:
    text = str(value).strip().lower()
    if text not in EXPORT_FORMATS:
        raise tk.Invalid(tk._("Choose csv, xlsx or json."))
    return text


def catalogue_filter_schema() -> dict[str, Any]:
    """Filters of the overview's list and of its exports."""
    ignore_empty = tk.get_validator("ignore_empty")
    sectors = [choice["value"] for choice in schema_choices(CATALOGUE_TYPE, "sector")]
    return {
        "q": optional_text(),
        "sharing_mode": [ignore_empty, choice_list(MODES)],
        "sector": [ignore_empty, choice_list(sectors)],
        "organization": [ignore_empty, organization_list],
    }


def thainguyen_catalogue_summary_schema() -> dict[str, Any]:
    default = tk.get_validator("default")
    return dict(
        catalogue_filter_schema(),
        page=[default(1), thainguyen_natural_number, _at_least_one],
        limit=[default(PAGE_SIZE), thainguyen_natural_number, _at_most(MAX_PAGE_SIZE)],
    )


def thainguyen_catalogue_export_schema() -> dict[str, Any]:
    return dict(catalogue_filter_schema(),
                format=[tk.get_validator("default")("csv"), _export_format],
                header=[tk.get_validator("default")("codes"), export_header])
