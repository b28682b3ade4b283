"""Validation schemas of the science-funding actions."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.core.filters import choice_list, export_header, organization_list
from ckanext.thainguyen.science import validators as sv
from ckanext.thainguyen.science.rules import FIELDS_OF_SCIENCE, LEVELS, STATUSES


def thainguyen_funding_filter_schema() -> dict[str, Any]:
    """Filters shared by the funding summary and the project export."""
    return {
        "year_from": [tk.get_validator("ignore_empty"), sv.thainguyen_science_year],
        "year_to": [tk.get_validator("ignore_empty"), sv.thainguyen_science_year],
        "field_of_science": [tk.get_validator("ignore_empty"), choice_list(FIELDS_OF_SCIENCE)],
        "level": [tk.get_validator("ignore_empty"), choice_list(LEVELS)],
        "status": [tk.get_validator("ignore_empty"), choice_list(STATUSES)],
        "owner_org": [tk.get_validator("ignore_empty"), organization_list],
        "__after": [sv.year_range],
    }


def thainguyen_project_export_schema() -> dict[str, Any]:
    return dict(
        thainguyen_funding_filter_schema(),
        format=[tk.get_validator("default")("csv"), sv.export_format],
        header=[tk.get_validator("default")("codes"), export_header],
    )
