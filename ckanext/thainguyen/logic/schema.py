"""Validation schemas for the extension's own actions."""
from __future__ import annotations


# ---------------------------------------------------------------- access requests (h3b)
from typing import Any as _Any  # noqa: E402

import ckan.plugins.toolkit as _tk  # noqa: E402


def _v(*names: str) -> list[_Any]:
    return [_tk.get_validator(name) for name in names]


def _required_text() -> list[_Any]:
    # not_empty twice: once for a missing value, once for whitespace only.
    return _v("not_empty", "unicode_safe", "strip_value", "not_empty")


def thainguyen_access_request_create_schema() -> dict[str, _Any]:
    return {
        "package_id": _v("not_empty", "unicode_safe", "thainguyen_special_package"),
        "purpose": _required_text(),
        "legal_basis": _required_text(),
        "period_start": _v("not_empty", "thainguyen_iso_date"),
        "period_end": _v("not_empty", "thainguyen_iso_date", "thainguyen_access_period_end"),
    }


def thainguyen_access_request_id_schema() -> dict[str, _Any]:
    return {"id": _v("not_empty", "unicode_safe")}


def thainguyen_access_request_approve_schema() -> dict[str, _Any]:
    schema = thainguyen_access_request_id_schema()
    schema["expires"] = _v("not_empty", "thainguyen_iso_datetime", "thainguyen_in_the_future")
    schema["note"] = _v("ignore_missing", "unicode_safe", "strip_value")
    return schema


def thainguyen_access_request_reason_schema() -> dict[str, _Any]:
    """Reject and revoke: a reason is mandatory, it is what the requester reads."""
    schema = thainguyen_access_request_id_schema()
    schema["reason"] = _required_text()
    return schema


def thainguyen_access_request_list_schema() -> dict[str, _Any]:
    from ckanext.thainguyen.model.access import STATUSES

    return {
        "status": _v("ignore_missing", "unicode_safe") + [_tk.get_validator("one_of")(list(STATUSES))],
        "package_id": _v("ignore_missing", "unicode_safe"),
        "owner_org": _v("ignore_missing", "unicode_safe"),
        "mine": _v("ignore_missing", "boolean_validator"),
        "limit": _v("ignore_missing", "natural_number_validator"),
        "offset": _v("ignore_missing", "natural_number_validator"),
    }


# ---------------------------------------------------------------- science funding (h5)
def thainguyen_funding_filter_schema() -> dict[str, _Any]:
    """Filters shared by the funding summary and the project export."""
    from ckanext.thainguyen import science, science_validation as sv

    return {
        "year_from": [_tk.get_validator("ignore_empty"), sv.year],
        "year_to": [_tk.get_validator("ignore_empty"), sv.year],
        "field_of_science": [_tk.get_validator("ignore_empty"), sv.choice_list(science.FIELDS_OF_SCIENCE)],
        "level": [_tk.get_validator("ignore_empty"), sv.choice_list(science.LEVELS)],
        "status": [_tk.get_validator("ignore_empty"), sv.choice_list(science.STATUSES)],
        "owner_org": [_tk.get_validator("ignore_empty"), sv.organization_list],
        "__after": [sv.year_range],
    }


def thainguyen_project_export_schema() -> dict[str, _Any]:
    from ckanext.thainguyen import science_validation as sv

    return dict(
        thainguyen_funding_filter_schema(),
        format=[_tk.get_validator("default")("csv"), sv.export_format],
    )
