"""Core actions chained so that catalogue entries keep their sharing mode everywhere.

- ``package_search`` and ``package_autocomplete``: the label filter that scales
  past Solr's boolean limit, and every record type's result hooks;
- ``resource_view_list``: no views (they embed the data) without data access;
- ``bulk_update_public/private``: the mode fixes the ``private`` flag;
  ``bulk_update_*``: the index and activities see what CKAN wrote;
- ``package_update``, ``resource_update``, ``resource_patch``: resources that
  CKAN never numbered get numbered first (``legacy``).
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.lib import search as ckan_search

from ckanext.thainguyen.catalogue import legacy, overview
from ckanext.thainguyen.catalogue.schema import (
    thainguyen_catalogue_export_schema,
    thainguyen_catalogue_summary_schema,
)
from ckanext.thainguyen.catalogue.rules import CATALOGUE_TYPE, MODES, Viewer, derive_private
from ckanext.thainguyen.catalogue.search import labels_fit_solr, search_for_viewer, terms_filter
from ckanext.thainguyen.core import records
from ckanext.thainguyen.core.compat import extras_of
from ckanext.thainguyen.core.storable import lookup_key, refuse_core_input
from ckanext.thainguyen.core.tables import MIMETYPES
from ckanext.thainguyen.core.validators import validate_or_raise

__all__ = [
    "thainguyen_catalogue_summary",
    "thainguyen_catalogue_export",
    "package_search",
    "package_autocomplete",
    "resource_view_list",
    "bulk_update_public",
    "bulk_update_private",
    "bulk_update_delete",
    "package_create",
    "package_update",
    "package_patch",
    "resource_create",
    "resource_update",
    "resource_patch",
]


# ------------------------------------------------------------ the catalogue overview

@tk.side_effect_free
def thainguyen_catalogue_summary(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """The catalogue entries the caller may see, counted and listed.

    :param q: search text; :param sharing_mode, sector, organization: lists
        (or comma-separated text) of modes, sectors, agencies (names or ids)
        that the list keeps; :param page: from 1; :param limit: entries per
        page (default 20, at most 100; 0 for the figures alone)

    Returns ``count`` (every entry the caller may see), ``by_mode``,
    ``by_agency`` and ``by_sector`` (their counts, filters not applied) and
    ``entries`` (``count``, ``page``, ``limit`` and the page's ``results``:
    code, title, mode, agency, sector, update frequency, legal basis).
    """
    tk.check_access("thainguyen_catalogue_summary", context, data_dict)
    filters = validate_or_raise(data_dict, thainguyen_catalogue_summary_schema(), context)
    return overview.summary(context, filters)


@tk.side_effect_free
def thainguyen_catalogue_export(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """The list of ``thainguyen_catalogue_summary`` (same filters, every page)
    as CSV, XLSX or JSON (``format``): metadata only, never a resource URL.
    ``header``: ``codes`` (the default) or ``labels`` (a spreadsheet's column
    names and coded values in the request's language, as the web page's
    download gives them; JSON always has the codes).

    Returns ``filename``, ``mimetype``, ``encoding`` (``utf-8`` for CSV and
    JSON text, ``base64`` for the XLSX bytes), ``content`` and ``row_count``.
    """
    tk.check_access("thainguyen_catalogue_export", context, data_dict)
    filters = validate_or_raise(data_dict, thainguyen_catalogue_export_schema(), context)
    fmt = filters.pop("format")
    header = filters.pop("header")
    rows = list(overview.all_rows(context, filters))
    encoding, content = overview.export(rows, fmt, header)
    return {"filename": f"danh-muc-csdl.{fmt}", "mimetype": MIMETYPES[fmt],
            "encoding": encoding, "content": content, "row_count": len(rows)}


# ------------------------------------------------------------ search

@tk.chained_action
@tk.side_effect_free
def package_search(original_action: Any, context: Any, data_dict: dict[str, Any]):
    """package_search with the label filter that scales, then each record
    type's hooks with the caller's context (IPackageController's
    after_dataset_search gets none, and results skip after_dataset_show)."""
    result = search_for_viewer(original_action, context, data_dict)
    records.after_search(context, result)
    return result


@tk.chained_action
@tk.side_effect_free
def package_autocomplete(original_action: Any, context: Any, data_dict: dict[str, Any]):
    viewer = Viewer.from_context(context)
    if viewer.trusted or viewer.is_sysadmin or labels_fit_solr(viewer.labels):
        return original_action(context, data_dict)
    # Too many labels for CKAN's boolean filter: same matching, terms filter.
    tk.check_access("package_autocomplete", context, data_dict)
    text = str(data_dict.get("q") or "")
    limit = int(data_dict.get("limit") or 10)
    literal = ckan_search.query.solr_literal(text)
    found = ckan_search.query_for(model.Package).run({
        "q": " OR ".join(f"{field}:{literal}" for field in
                         ("name_ngram", "title_ngram", "name", "title")),
        "fl": "name,title",
        "rows": limit,
        "fq_list": [terms_filter(list(viewer.labels))],
    }, permission_labels=None)
    matches = []
    for package in found["results"]:
        by_name = text.lower() in package["name"]
        matches.append({
            "name": package["name"],
            "title": package["title"],
            "match_field": "name" if by_name else "title",
            "match_displayed": package["name"] if by_name
            else f"{package['title']} ({package['name']})",
        })
    return matches


# ------------------------------------------------------------ resource views

@tk.chained_action
@tk.side_effect_free
def resource_view_list(original_action: Any, context: Any, data_dict: dict[str, Any]):
    views = original_action(context, data_dict)
    resource = model.Resource.get(data_dict.get("id") or "")
    if resource is not None and not Viewer.from_context(context).may_use_data(resource.package):
        # Views embed the data (previews, DataStore grids, images).
        return []
    return views


# ------------------------------------------------------------ private flag

def _keep_derived_flag(datasets: list[str], wanted_private: bool) -> list[str]:
    """Datasets whose ``private`` flag the mode does not fix.

    Read as plain rows, never as ``Package`` objects: CKAN's bulk update
    writes with a SQL UPDATE and then indexes and records activities from
    the session, where objects loaded here would keep their old flag.
    """
    refs = [ref for ref in datasets or [] if lookup_key(ref)]
    rows = model.Session.query(model.Package.id, model.Package.name, model.Package.type).filter(
        sa.or_(model.Package.id.in_(refs), model.Package.name.in_(refs))).all()
    extras = extras_of(package_id for package_id, _name, _type in rows)
    derived_by_ref: dict[str, Any] = {}
    for package_id, name, package_type in rows:
        mode = extras[package_id].get("sharing_mode")
        derived = derive_private(mode if mode in MODES else None) \
            if (package_type or CATALOGUE_TYPE) == CATALOGUE_TYPE else None
        derived_by_ref[package_id] = derived_by_ref[name] = derived
    return [ref for ref in datasets or []
            if derived_by_ref.get(ref) is None or derived_by_ref.get(ref) == wanted_private]


def expire_loaded_packages(datasets: list[Any]) -> None:
    """Make the session reload these datasets on their next use.

    CKAN's bulk actions write with a SQL UPDATE, then index and record
    activities from ``Package`` objects; one the session still holds (its
    sessions keep objects across commits, until garbage-collected) would
    give the old flag or state to the index and the activity.
    """
    refs = {ref for ref in datasets or [] if lookup_key(ref)}
    for obj in list(model.Session.identity_map.values()):
        if isinstance(obj, model.Package) and (obj.id in refs or obj.name in refs) \
                and obj not in model.Session.dirty:
            model.Session.expire(obj)


def _bulk_update(original_action: Any, action: str, context: Any, data_dict: dict[str, Any],
                 private: bool):
    data_dict = dict(data_dict, datasets=_keep_derived_flag(data_dict.get("datasets"), private))
    if not data_dict["datasets"]:
        # Nothing left to change, but the caller must still be allowed to ask.
        tk.check_access(action, context, data_dict)
        return None
    expire_loaded_packages(data_dict["datasets"])
    return original_action(context, data_dict)


@tk.chained_action
def bulk_update_public(original_action: Any, context: Any, data_dict: dict[str, Any]):
    return _bulk_update(original_action, "bulk_update_public", context, data_dict, False)


@tk.chained_action
def bulk_update_private(original_action: Any, context: Any, data_dict: dict[str, Any]):
    return _bulk_update(original_action, "bulk_update_private", context, data_dict, True)


@tk.chained_action
def bulk_update_delete(original_action: Any, context: Any, data_dict: dict[str, Any]):
    expire_loaded_packages(data_dict.get("datasets"))
    return original_action(context, data_dict)


# ------------------------------------------------ input CKAN reads before validating
# Every record type's writes pass here (this plugin is required by the
# others): malformed keys get a field error instead of CKAN's 500.

@tk.chained_action
def package_create(original_action: Any, context: Any, data_dict: dict[str, Any]) -> Any:
    refuse_core_input(data_dict)
    return original_action(context, data_dict)


@tk.chained_action
def package_patch(original_action: Any, context: Any, data_dict: dict[str, Any]) -> Any:
    refuse_core_input(data_dict)
    return original_action(context, data_dict)


@tk.chained_action
def resource_create(original_action: Any, context: Any, data_dict: dict[str, Any]) -> Any:
    refuse_core_input(data_dict, resource_action=True)
    return original_action(context, data_dict)


# ------------------------------------------------------------ unnumbered resources

def _without_annotations(data_dict: dict[str, Any]) -> None:
    """A dict read then sent back: the keys package_show added for the reader
    (``hooks.apply_access``) are not the dataset's (CKAN would store a
    resource's as a resource extra)."""
    for resource in data_dict.get("resources") or []:
        if isinstance(resource, dict):
            resource.pop("thainguyen_access", None)
    for key in ("thainguyen_access", "thainguyen_unclassified"):
        data_dict.pop(key, None)


@tk.chained_action
def package_update(original_action: Any, context: Any, data_dict: dict[str, Any]) -> Any:
    refuse_core_input(data_dict)
    if isinstance(data_dict, dict):
        _without_annotations(data_dict)
    legacy.number_before_package_update(context, data_dict)
    return original_action(context, data_dict)


@tk.chained_action
def resource_update(original_action: Any, context: Any, data_dict: dict[str, Any]) -> Any:
    refuse_core_input(data_dict, resource_action=True)
    legacy.number_before_resource_edit("resource_update", context, data_dict)
    return original_action(context, data_dict)


@tk.chained_action
def resource_patch(original_action: Any, context: Any, data_dict: dict[str, Any]) -> Any:
    refuse_core_input(data_dict, resource_action=True)
    legacy.number_before_resource_edit("resource_patch", context, data_dict)
    return original_action(context, data_dict)
