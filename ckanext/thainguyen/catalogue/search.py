"""Searching the catalogue: facets with their labels, and a label filter that scales.

Who finds what is decided by permission labels (``rules``); this module
makes CKAN's search carry them for users with many labels and shows the
mode and sector facets by their labels.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Optional

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.catalogue.hooks import MODE_FACET, SECTOR_FACET
from ckanext.thainguyen.catalogue.rules import CATALOGUE_TYPE, VIEWER_CACHE_KEY, Viewer
from ckanext.thainguyen.core.text import schema_choices


# ------------------------------------------------------------ facets

def dataset_facets(facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
    if package_type != CATALOGUE_TYPE:
        return facets_dict
    facets = {
        MODE_FACET: tk._("Sharing mode"),
        SECTOR_FACET: tk._("Sector"),
        "organization": tk._("Governing agency"),
    }
    facets.update((k, v) for k, v in facets_dict.items() if k not in facets)
    return facets


def organization_facets(facets_dict: dict[str, Any], organization_type: str,
                        package_type: Optional[str]) -> dict[str, Any]:
    facets = {MODE_FACET: tk._("Sharing mode"), SECTOR_FACET: tk._("Sector")}
    facets.update(facets_dict)
    return facets


def label_facet_items(search_results: dict[str, Any]) -> None:
    """Show choice labels, not codes, for the mode and sector facets."""
    facets = search_results.get("search_facets") or {}
    for field_name in (MODE_FACET, SECTOR_FACET):
        if field_name not in facets:
            continue
        labels = {c["value"]: c["label"] for c in schema_choices(CATALOGUE_TYPE, field_name)}
        for item in facets[field_name].get("items", []):
            label = labels.get(item["name"])
            if label:
                item["display_name"] = label


# ------------------------------------------------------------ search config

TERMS_QUERY_PARSER = "terms"


def allow_terms_query_parser(config: Any) -> None:
    """Let CKAN pass our ``{!terms f=permission_labels}`` filter to Solr.

    CKAN refuses local parameters in search params unless the parser is
    listed in ``ckan.search.solr_allowed_query_parsers``. The terms parser
    only matches listed values of one field: letting callers use it too
    never widens what the permission filter lets them see.
    """
    key = "ckan.search.solr_allowed_query_parsers"
    allowed = config.get(key) or []
    if isinstance(allowed, str):
        allowed = allowed.split()
    if TERMS_QUERY_PARSER not in allowed:
        config[key] = list(allowed) + [TERMS_QUERY_PARSER]


# Private catalogue datasets without a sharing mode (the index has a
# ``sharing_mode`` field only for classified entries).
UNCLASSIFIED_PRIVATE_LEFT_OUT = (
    f"-(dataset_type:{CATALOGUE_TYPE} AND capacity:private AND -{MODE_FACET}:[* TO *])")


def labels_fit_solr(labels: Iterable[str]) -> bool:
    # Solr refuses boolean queries past maxBooleanClauses (1024 by default).
    return len(list(labels)) < 1000


def terms_filter(labels: list[str]) -> str:
    """A Solr filter matching any of ``labels``.

    CKAN's own ``+permission_labels:(a OR b ...)`` becomes a boolean query
    with one clause per label, and Solr refuses more than maxBooleanClauses
    (1024) of them; the terms query parser has no such limit.
    """
    return "{!terms f=permission_labels}" + ",".join(sorted(labels))


# Search parameters that could return the permission labels themselves:
# they name who created an entry and who holds a grant.
LABEL_REVEALING_PARAMS = ("fl", "facet.field", "facet.pivot")


def refuse_label_fields(viewer: Viewer, data_dict: dict[str, Any]) -> None:
    if viewer.trusted or viewer.is_sysadmin:
        return
    errors = {key: [tk._("Permission labels can be listed by system administrators only")]
              for key in LABEL_REVEALING_PARAMS
              if "permission_labels" in json.dumps(data_dict.get(key) or "", default=str)}
    if errors:
        raise tk.ValidationError(errors)


def search_for_viewer(original_action: Any, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """package_search with the label filter as a terms query."""
    data_dict = dict(data_dict)
    viewer = Viewer.from_context(context)
    refuse_label_fields(viewer, data_dict)
    if "include_private" not in data_dict:
        # Metadata of restricted entries is public (they are private only in
        # CKAN's sense), so search includes them unless asked not to; the
        # permission labels decide who finds what. Datasets a site made
        # private before classifying them stay out, as in stock CKAN.
        data_dict["include_private"] = True
        data_dict["fq_list"] = list(data_dict.get("fq_list") or []) + [UNCLASSIFIED_PRIVATE_LEFT_OUT]
    if viewer.trusted or viewer.is_sysadmin or labels_fit_solr(viewer.labels):
        # CKAN's own label filter (the same labels, ours) does; parsing our
        # terms query costs CKAN several ms per search.
        result = original_action(context, data_dict)
    else:
        data_dict["fq_list"] = list(data_dict.get("fq_list") or []) + [
            terms_filter(list(viewer.labels))]
        # ignore_auth only makes CKAN skip its own label filter (ours is
        # above); the caller's context, without it, goes to the hooks.
        inner = dict(context, ignore_auth=True)
        inner.pop(VIEWER_CACHE_KEY, None)
        result = original_action(inner, data_dict)
    label_facet_items(result)
    return result
