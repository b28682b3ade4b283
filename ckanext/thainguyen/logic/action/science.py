"""Funding summary and export of science projects."""
from __future__ import annotations

import base64
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen import science_export, science_store
from ckanext.thainguyen.logic import schema as thainguyen_schema

__all__ = ["thainguyen_funding_summary", "thainguyen_project_export"]


def _caller(context: Any) -> Any:
    user_obj = context.get("auth_user_obj")
    if user_obj is None and context.get("user"):
        user_obj = model.User.get(context["user"])
    return user_obj


def _validated(context: Any, data_dict: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data


@tk.side_effect_free
def thainguyen_funding_summary(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """Totals and breakdowns of science-project funding the caller may see.

    :param year_from, year_to: funding years to count (inclusive)
    :param field_of_science, level, status: lists (or comma-separated text)
    :param owner_org: host organisations (names or ids)

    Returns ``totals`` (state budget, non-budget, total, disbursed,
    counterpart share = non-budget / total, project count),
    ``projects_by_status``, ``commissioned_count`` and the breakdowns
    ``by_year``, ``by_field``, ``by_level`` and ``by_host``.
    """
    tk.check_access("thainguyen_funding_summary", context, data_dict)
    filters = _validated(context, data_dict, thainguyen_schema.thainguyen_funding_filter_schema())
    result = science_store.summary(_caller(context), filters)
    result["filters"] = filters
    return result


@tk.side_effect_free
def thainguyen_project_export(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """The visible projects with one row per funding year, as CSV or XLSX.

    Same filters as ``thainguyen_funding_summary`` plus ``format`` (csv,
    xlsx). Returns ``filename``, ``mimetype``, ``encoding`` (``utf-8`` for
    CSV text, ``base64`` for the XLSX bytes) and ``content``. No personal
    contact details are exported.
    """
    tk.check_access("thainguyen_project_export", context, data_dict)
    filters = _validated(context, data_dict, thainguyen_schema.thainguyen_project_export_schema())
    fmt = filters.pop("format")
    rows = science_export.rows(science_store.project_rows(_caller(context), filters))
    if fmt == "xlsx":
        content = base64.b64encode(science_export.to_xlsx(rows)).decode("ascii")
        encoding = "base64"
    else:
        content = science_export.to_csv(rows)
        encoding = "utf-8"
    return {
        "filename": f"nhiem-vu-khcn.{fmt}",
        "mimetype": science_export.MIMETYPES[fmt],
        "encoding": encoding,
        "content": content,
        "row_count": len(rows),
    }
