"""The catalogue as the province publishes it: figures per sharing mode,
agency and sector, and the list of entries, as one visitor may see them.

Everything is read through ``package_search`` with the visitor's own
context, so its permission labels decide what is counted and listed: no
figure ever counts an entry the visitor could not find by searching.
"""
from __future__ import annotations

import base64
import json
from typing import Any, Iterator

import ckan.plugins.toolkit as tk
from ckan.lib.search import SearchError

from ckanext.thainguyen.catalogue.hooks import MODE_FACET, SECTOR_FACET
from ckanext.thainguyen.catalogue.rules import CATALOGUE_TYPE, MODES
from ckanext.thainguyen.core import tables
from ckanext.thainguyen.core.text import choice_label, schema_choices

AGENCY_FACET = "organization"
FACETS = (MODE_FACET, AGENCY_FACET, SECTOR_FACET)

# Metadata only: an export never carries a resource, so never its URL.
COLUMNS = (
    "catalogue_code", "title", "name", "sharing_mode", "organization", "organization_title",
    "sector", "update_frequency", "legal_basis", "metadata_modified", "url",
)
EXPORT_FORMATS = ("csv", "xlsx", "json")
# Rows per package_search call of an export (CKAN's default ckan.search.rows_max).
EXPORT_BATCH = 1000


def _filter_queries(filters: dict[str, Any]) -> list[str]:
    fq = [f"+dataset_type:{CATALOGUE_TYPE}"]
    for key, field in (("sharing_mode", MODE_FACET), ("sector", SECTOR_FACET),
                       ("organization", "owner_org")):
        values = filters.get(key) or []
        if values:
            fq.append(f"+{field}:(" + " OR ".join(json.dumps(v) for v in values) + ")")
    return fq


def _search(context: dict[str, Any], filters: dict[str, Any], **params: Any) -> dict[str, Any]:
    data = {"q": filters.get("q") or "", "fq_list": _filter_queries(filters),
            "sort": "catalogue_code asc, title_string asc"}
    data.update(params)
    try:
        return tk.get_action("package_search")(dict(context), data)
    except SearchError:
        if not data["q"]:
            raise
        # Solr refused the visitor's query: their field, not a server error.
        raise tk.ValidationError({"q": [tk._("This is not a search query the catalogue can read.")]})


def _figures(search_facets: dict[str, Any]) -> dict[str, Any]:
    items = {name: (search_facets.get(name) or {}).get("items", []) for name in FACETS}
    modes = {item["name"]: item["count"] for item in items[MODE_FACET]}
    by_mode = [{"sharing_mode": mode, "label": choice_label(CATALOGUE_TYPE, "sharing_mode", mode),
                "count": modes.get(mode, 0)} for mode in MODES]
    by_agency = sorted(({"name": item["name"], "title": item["display_name"],
                         "count": item["count"]} for item in items[AGENCY_FACET]),
                       key=lambda row: (-row["count"], row["title"]))
    sector_order = [choice["value"] for choice in schema_choices(CATALOGUE_TYPE, "sector")]
    by_sector = sorted(({"sector": item["name"], "label": item["display_name"],
                         "count": item["count"]} for item in items[SECTOR_FACET]),
                       key=lambda row: (-row["count"], sector_order.index(row["sector"])
                                        if row["sector"] in sector_order else len(sector_order)))
    return {"by_mode": by_mode, "by_agency": by_agency, "by_sector": by_sector}


def entry_row(pkg: dict[str, Any]) -> dict[str, Any]:
    """The metadata of one entry that the overview lists and exports."""
    org = pkg.get("organization") or {}
    return {
        "catalogue_code": pkg.get("catalogue_code") or "",
        "title": pkg.get("title") or pkg.get("name"),
        "name": pkg.get("name"),
        "sharing_mode": pkg.get("sharing_mode") or "",
        "organization": org.get("name") or "",
        "organization_title": org.get("title") or org.get("name") or "",
        "sector": pkg.get("sector") or "",
        "update_frequency": pkg.get("update_frequency") or "",
        "legal_basis": pkg.get("legal_basis") or "",
        "metadata_modified": pkg.get("metadata_modified") or "",
        "url": tk.url_for("dataset.read", id=pkg.get("name"), qualified=True),
    }


def with_labels(row: dict[str, Any]) -> dict[str, Any]:
    """A listed row with the labels of its codes in the UI language, for pages."""
    return dict(row, **{f"{key}_label": choice_label(CATALOGUE_TYPE, key, row[key])
                        for key in ("sharing_mode", "sector", "update_frequency") if row[key]})


def summary(context: dict[str, Any], filters: dict[str, Any]) -> dict[str, Any]:
    """Figures of the whole visible catalogue, and one page of the filtered list."""
    limit, page = filters["limit"], filters["page"]
    listing = _search(context, filters, rows=limit, start=(page - 1) * limit,
                      **{"facet.field": list(FACETS), "facet.limit": -1})
    listed = any(filters.get(key) for key in ("q", "sharing_mode", "sector", "organization"))
    # The figures describe the catalogue, not the filtered list: a second
    # search without the filters only when some are set.
    whole = _search(context, {}, rows=0, **{"facet.field": list(FACETS), "facet.limit": -1}) if listed else listing
    return dict(
        _figures(whole["search_facets"]),
        count=whole["count"],
        entries={"count": listing["count"], "page": page, "limit": limit,
                 "results": [entry_row(pkg) for pkg in listing["results"]]},
        filters=filters,
    )


def all_rows(context: dict[str, Any], filters: dict[str, Any]) -> Iterator[dict[str, Any]]:
    start = 0
    while True:
        found = _search(context, filters, rows=EXPORT_BATCH, start=start)
        yield from (entry_row(pkg) for pkg in found["results"])
        start += EXPORT_BATCH
        if start >= found["count"] or not found["results"]:
            return


def column_labels() -> dict[str, str]:
    """The columns' names for people, in the reader's language (the web
    download's header row; programs read the codes)."""
    _ = tk._
    return {
        "catalogue_code": _("Catalogue code"), "title": _("Title"), "name": _("URL name"),
        "sharing_mode": _("Sharing mode"), "organization": _("Agency (code)"),
        "organization_title": _("Agency"), "sector": _("Sector"),
        "update_frequency": _("Update frequency"), "legal_basis": _("Legal basis"),
        "metadata_modified": _("Metadata last updated"), "url": _("Address on the portal"),
    }


LABELLED_CODES = ("sharing_mode", "sector", "update_frequency")


def for_people(row: dict[str, Any]) -> dict[str, Any]:
    """A row as the web download gives it: the codes' labels instead of the codes."""
    labelled = with_labels(row)
    return dict(row, **{key: labelled.get(f"{key}_label", row[key]) for key in LABELLED_CODES})


def export(rows: list[dict[str, Any]], fmt: str, header: str = "codes") -> tuple[str, str]:
    """(encoding, content) of the rows in ``fmt``, as the science export gives them.
    ``header="labels"``: a spreadsheet's names and values in the reader's
    language, for people; JSON, for programs, always has the codes."""
    if fmt == "json":
        return "utf-8", json.dumps(rows, ensure_ascii=False, indent=1)
    names = None
    if header == "labels":
        labels = column_labels()
        names = [labels[column] for column in COLUMNS]
        rows = [for_people(row) for row in rows]
    if fmt == "xlsx":
        return "base64", base64.b64encode(tables.to_xlsx(COLUMNS, rows, "danh_muc", names)).decode("ascii")
    return "utf-8", tables.to_csv(COLUMNS, rows, names)
