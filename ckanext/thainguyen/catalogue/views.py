"""The catalogue overview (``/danh-muc``) and its exports; the guard of the
URLs that hand out a resource's data.

Resource download and view URLs are core views; they read the resource
through resource_show, which still answers (metadata is public), so the
sharing mode is enforced before they run.
"""
from __future__ import annotations

from typing import Any, Optional
from urllib.parse import urlencode

from flask import Blueprint, Response, request

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.pagination import Page

from ckanext.thainguyen.catalogue import overview
from ckanext.thainguyen.catalogue.hooks import access_info
from ckanext.thainguyen.catalogue.rules import CATALOGUE_TYPE, Viewer
from ckanext.thainguyen.core.charts import horizontal_bars
from ckanext.thainguyen.core.text import group_thousands, schema_choices
from ckanext.thainguyen.core.users import view_context
from ckanext.thainguyen.core.views import download

__all__ = ["thainguyen_catalogue"]

thainguyen_catalogue = Blueprint("thainguyen_catalogue", __name__)

# Endpoints (of every dataset type's resource blueprint) serving data.
_DATA_ENDPOINTS = ("download", "view")


def _guarded_resource() -> Optional[model.Resource]:
    endpoint = request.endpoint or ""
    blueprint, _, view_name = endpoint.rpartition(".")
    if view_name not in _DATA_ENDPOINTS or not (blueprint == "resource"
                                                or blueprint.endswith("_resource")):
        return None
    resource_id = (request.view_args or {}).get("resource_id")
    return model.Resource.get(resource_id) if resource_id else None


@thainguyen_catalogue.before_app_request
def thainguyen_guard_resource_data() -> Any:
    resource = _guarded_resource()
    if resource is None or resource.package is None:
        return None
    viewer = Viewer.from_context(view_context())
    if viewer.may_use_data(resource.package):
        return None
    access = access_info(resource.package, viewer)
    page = tk.render("thainguyen/catalogue/no_data_access.html", {
        "pkg": resource.package, "resource": resource, "access": access})
    return page, 403


# ------------------------------------------------------------ the overview

_LIST_FILTERS = ("sharing_mode", "sector", "organization")


def _filters(*extra: str) -> dict[str, Any]:
    filters: dict[str, Any] = {}
    for key in _LIST_FILTERS:
        values = [v for v in request.args.getlist(key) if v.strip()]
        if values:
            filters[key] = values
    for key in ("q",) + extra:
        if request.args.get(key, "").strip():
            filters[key] = request.args[key]
    return filters


def _count_chart(rows: list[dict[str, Any]], labels: list[str]) -> dict[str, Any]:
    return horizontal_bars(rows, labels, "count", words=group_thousands)


@thainguyen_catalogue.route("/danh-muc")
def overview_page() -> str:
    context = view_context()
    errors: dict[str, Any] = {}
    summary_action = tk.get_action("thainguyen_catalogue_summary")
    try:
        summary = summary_action(dict(context), _filters("page", "limit"))
    except tk.ValidationError as error:
        errors = error.error_dict
        summary = summary_action(dict(context), {})
    entries = summary["entries"]
    query = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
    base_url = tk.h.url_for("thainguyen_catalogue.overview_page")
    page = Page(collection=entries["results"], page=entries["page"],
                item_count=entries["count"], items_per_page=entries["limit"],
                presliced_list=True,
                url=lambda page=1, **_kw: f"{base_url}?{urlencode(query + [('page', page)])}")
    return tk.render("thainguyen/catalogue/overview.html", {
        "summary": summary,
        "rows": [overview.with_labels(row) for row in entries["results"]],
        "page": page,
        "errors": errors,
        "filters": request.args,
        "sectors": schema_choices(CATALOGUE_TYPE, "sector"),
        "modes": schema_choices(CATALOGUE_TYPE, "sharing_mode"),
        "mode_chart": _count_chart(summary["by_mode"], [r["label"] for r in summary["by_mode"]]),
        "agency_chart": _count_chart(summary["by_agency"], [r["title"] for r in summary["by_agency"]]),
        "sector_chart": _count_chart(summary["by_sector"], [r["label"] for r in summary["by_sector"]]),
        "export_query": request.query_string.decode("utf-8"),
    })


@thainguyen_catalogue.route("/danh-muc/export.<fmt>")
def overview_export(fmt: str) -> Response:
    # People open the download in a spreadsheet: names and values in their language.
    return download("thainguyen_catalogue_export", dict(_filters(), format=fmt, header="labels"))
