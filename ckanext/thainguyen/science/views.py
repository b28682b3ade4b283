"""Public funding dashboard of science projects and its export buttons."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.core.users import view_context
from ckanext.thainguyen.core.views import download
from ckanext.thainguyen.science import charts, store
from ckanext.thainguyen.science.rules import DATASET_TYPE

__all__ = ["thainguyen_science"]

thainguyen_science = Blueprint("thainguyen_science", __name__, url_prefix="/science")

_FILTER_KEYS = ("year_from", "year_to", "field_of_science", "level", "status", "owner_org")


def _filters() -> dict[str, Any]:
    filters: dict[str, Any] = {}
    for key in _FILTER_KEYS:
        values = [v for v in request.args.getlist(key) if v.strip()]
        if values:
            filters[key] = values if key not in ("year_from", "year_to") else values[0]
    return filters


def _field_labels() -> dict[str, str]:
    return {
        "natural_sciences": tk._("Natural sciences"),
        "engineering_technology": tk._("Engineering and technology"),
        "medical_health": tk._("Medical and health sciences"),
        "agricultural": tk._("Agricultural sciences"),
        "social_sciences": tk._("Social sciences"),
        "humanities": tk._("Humanities"),
    }


def _level_labels() -> dict[str, str]:
    return {"national": tk._("National"), "provincial": tk._("Provincial"),
            "grassroots": tk._("Grassroots")}


def _status_labels() -> dict[str, str]:
    return {"proposed": tk._("Proposed"), "approved": tk._("Approved"),
            "in_progress": tk._("In progress"), "accepted": tk._("Accepted"),
            "completed": tk._("Completed"), "cancelled": tk._("Cancelled")}


@thainguyen_science.route("/funding")
def funding() -> str:
    context = view_context()
    filters = _filters()
    errors: dict[str, Any] = {}
    try:
        summary = tk.get_action("thainguyen_funding_summary")(dict(context), dict(filters))
    except tk.ValidationError as error:
        errors = error.error_dict
        summary = tk.get_action("thainguyen_funding_summary")(dict(context), {})
    field_labels = _field_labels()
    user_obj = context["auth_user_obj"]
    by_year_chart = charts.stacked_bars(summary["by_year"], "year", [
        ("state_budget_vnd", tk._("State budget"), "thainguyen-bar-state"),
        ("non_budget_vnd", tk._("Non-budget (counterpart)"), "thainguyen-bar-nonbudget"),
    ])
    by_field_chart = charts.horizontal_bars(
        summary["by_field"],
        [field_labels.get(r["field_of_science"], r["field_of_science"]) for r in summary["by_field"]],
        "total_vnd",
    )
    share_chart = charts.share_line(summary["by_year"])
    return tk.render("thainguyen/science/funding.html", {
        "summary": summary,
        "errors": errors,
        "filters": request.args,
        "field_labels": field_labels,
        "level_labels": _level_labels(),
        "status_labels": _status_labels(),
        "hosts": store.host_organizations(user_obj),
        "years": store.funding_years(user_obj),
        "by_year_chart": by_year_chart,
        "by_field_chart": by_field_chart,
        "share_chart": share_chart,
        "export_query": request.query_string.decode("utf-8"),
        "dataset_type": DATASET_TYPE,
    })


@thainguyen_science.route("/funding/export.<fmt>")
def export(fmt: str) -> Response:
    # People open the download in a spreadsheet: the header in their language.
    return download("thainguyen_project_export", dict(_filters(), format=fmt, header="labels"))
