"""Funding summary and export of science projects."""
from __future__ import annotations

import base64
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.core.users import user_from_context
from ckanext.thainguyen.core.validators import validate_or_raise
from ckanext.thainguyen.science import export, store
from ckanext.thainguyen.science.schema import (
    thainguyen_funding_filter_schema,
    thainguyen_project_export_schema,
)

__all__ = ["thainguyen_funding_summary", "thainguyen_project_export"]


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
    filters = validate_or_raise(data_dict, thainguyen_funding_filter_schema(), context)
    result = store.summary(user_from_context(context), filters)
    result["filters"] = filters
    return result


@tk.side_effect_free
def thainguyen_project_export(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """The visible projects with one row per funding year, as CSV or XLSX.

    Same filters as ``thainguyen_funding_summary`` plus ``format`` (csv,
    xlsx) and ``header`` (``codes``, the default: the column codes;
    ``labels``: the columns' names in the request's language, as the web
    page's download gives them). Returns ``filename``, ``mimetype``, ``encoding`` (``utf-8`` for
    CSV text, ``base64`` for the XLSX bytes) and ``content``. No personal
    contact details are exported.
    """
    tk.check_access("thainguyen_project_export", context, data_dict)
    filters = validate_or_raise(data_dict, thainguyen_project_export_schema(), context)
    fmt = filters.pop("format")
    header = filters.pop("header")
    rows = export.rows(store.project_rows(user_from_context(context), filters))
    if fmt == "xlsx":
        content = base64.b64encode(export.to_xlsx(rows, header)).decode("ascii")
        encoding = "base64"
    else:
        content = export.to_csv(rows, header)
        encoding = "utf-8"
    return {
        "filename": f"nhiem-vu-khcn.{fmt}",
        "mimetype": export.MIMETYPES[fmt],
        "encoding": encoding,
        "content": content,
        "row_count": len(rows),
    }
