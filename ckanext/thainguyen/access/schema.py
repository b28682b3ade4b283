"""Validation schemas of the access-request actions."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.access.model import STATUSES
from ckanext.thainguyen.core.validators import long_text, optional_text, required_text, validators


def access_request_create_schema() -> dict[str, Any]:
    return {
        "package_id": validators("not_empty", "unicode_safe", "thainguyen_special_package"),
        "purpose": long_text(required_text()),
        "legal_basis": long_text(required_text()),
        "period_start": validators("not_empty", "thainguyen_iso_date"),
        "period_end": validators("not_empty", "thainguyen_iso_date", "thainguyen_access_period_end"),
    }


def access_request_id_schema() -> dict[str, Any]:
    return {"id": validators("not_empty", "unicode_safe")}


def access_request_approve_schema() -> dict[str, Any]:
    schema = access_request_id_schema()
    schema["expires"] = validators("not_empty", "thainguyen_iso_datetime", "thainguyen_in_the_future")
    schema["note"] = long_text(optional_text())
    return schema


def access_request_reason_schema() -> dict[str, Any]:
    """Reject and revoke: a reason is mandatory, it is what the requester reads."""
    schema = access_request_id_schema()
    schema["reason"] = long_text(required_text())
    return schema


def access_request_list_schema() -> dict[str, Any]:
    return {
        "status": validators("ignore_missing", "unicode_safe") + [tk.get_validator("one_of")(list(STATUSES))],
        "package_id": validators("ignore_missing", "unicode_safe"),
        "owner_org": validators("ignore_missing", "unicode_safe"),
        "mine": validators("ignore_missing", "thainguyen_boolean"),
        "limit": validators("ignore_missing", "thainguyen_natural_number"),
        "offset": validators("ignore_missing", "thainguyen_natural_number"),
    }
