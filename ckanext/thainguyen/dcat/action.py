"""ckanext-dcat's catalogue endpoint (``/catalog.<format>``) lists catalogue entries only.

Contest entries and science projects are records of the province's own
programmes, not shared databases: the national data platform harvests the
catalogue. (Each is still described at ``/dataset/<id>.<format>`` to whoever
may read it, redacted as everywhere else.)
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.search import SearchError

from ckanext.thainguyen.catalogue.rules import CATALOGUE_TYPE

__all__ = ["dcat_catalog_show", "dcat_catalog_search"]

CATALOGUE_ONLY = f"+dataset_type:{CATALOGUE_TYPE}"


def catalogue_only(data_dict: dict[str, Any]) -> dict[str, Any]:
    # First in the filter, so that nothing the caller adds (a local-params
    # prefix such as "{!...}") can replace it.
    caller_filter = str(data_dict.get("fq") or "").strip()
    return dict(data_dict, fq=f"{CATALOGUE_ONLY} {caller_filter}".strip())


def search_catalogue(original_action: Any, context: Any, data_dict: dict[str, Any]):
    try:
        return original_action(context, catalogue_only(data_dict))
    except SearchError:
        # Solr refused the caller's query: a bad request (ckanext-dcat answers
        # ValidationError with 409), not a server error.
        field = "fq" if data_dict.get("fq") else "q"
        raise tk.ValidationError({field: [tk._("This is not a search query the catalogue can read.")]})


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_show(original_action: Any, context: Any, data_dict: dict[str, Any]):
    return search_catalogue(original_action, context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_search(original_action: Any, context: Any, data_dict: dict[str, Any]):
    return search_catalogue(original_action, context, data_dict)
