"""Core actions chained so that the data of restricted entries stays hidden.

package_search itself is chained in ``search.py`` and calls
``search_for_viewer`` here.
"""
from __future__ import annotations

import copy
import difflib
import json
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search as ckan_search

from ckanext.thainguyen import sharing
from ckanext.thainguyen.redaction import blank_strings_holding
from ckanext.thainguyen.sharing_labels import (
    CATALOGUE_TYPE,
    Viewer,
    derive_private,
    labels_fit_solr,
    mode_of,
    plugin_enabled,
)

__all__ = [
    "resource_view_list",
    "package_autocomplete",
    "bulk_update_public",
    "bulk_update_private",
]

# Chaining needs the chained action to exist: only with ckanext-activity.
if plugin_enabled("activity"):
    __all__ += [
        "package_activity_list",
        "organization_activity_list",
        "group_activity_list",
        "user_activity_list",
        "dashboard_activity_list",
        "recently_changed_packages_activity_list",
        "activity_show",
        "activity_data_show",
        "activity_diff",
    ]


# ------------------------------------------------------------ search

def terms_filter(labels: list[str]) -> str:
    """A Solr filter matching any of ``labels``.

    CKAN's own ``+permission_labels:(a OR b ...)`` becomes a boolean query
    with one clause per label, and Solr refuses more than maxBooleanClauses
    (1024) of them; the terms query parser has no such limit.
    """
    return "{!terms f=permission_labels}" + ",".join(sorted(labels))


def search_for_viewer(original_action: Any, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """package_search with the label filter as a terms query."""
    data_dict = dict(data_dict)
    # Metadata of restricted entries is public (they are private only in
    # CKAN's sense), so search includes them unless asked not to; the
    # permission labels decide who finds what.
    data_dict.setdefault("include_private", True)
    viewer = Viewer.from_context(context)
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
        inner.pop("_thainguyen_viewer", None)
        result = original_action(inner, data_dict)
    sharing.label_facet_items(result)
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
    """Datasets whose ``private`` flag the mode does not fix."""
    kept = []
    for ref in datasets or []:
        package = model.Package.get(ref)
        derived = derive_private(mode_of(package)) if package is not None \
            and (package.type or CATALOGUE_TYPE) == CATALOGUE_TYPE else None
        if derived is None or derived == wanted_private:
            kept.append(ref)
    return kept


def _bulk_update(original_action: Any, action: str, context: Any, data_dict: dict[str, Any],
                 private: bool):
    data_dict = dict(data_dict, datasets=_keep_derived_flag(data_dict.get("datasets"), private))
    if not data_dict["datasets"]:
        # Nothing left to change, but the caller must still be allowed to ask.
        tk.check_access(action, context, data_dict)
        return None
    return original_action(context, data_dict)


@tk.chained_action
def bulk_update_public(original_action: Any, context: Any, data_dict: dict[str, Any]):
    return _bulk_update(original_action, "bulk_update_public", context, data_dict, False)


@tk.chained_action
def bulk_update_private(original_action: Any, context: Any, data_dict: dict[str, Any]):
    return _bulk_update(original_action, "bulk_update_private", context, data_dict, True)


# ------------------------------------------------------------ activities

def _package_of_activity(activity: dict[str, Any]) -> Any:
    data = activity.get("data") if isinstance(activity.get("data"), dict) else {}
    package = model.Package.get(activity.get("object_id") or "")
    if package is None and isinstance(data.get("package"), dict):
        package = model.Package.get(data["package"].get("id") or "")
    return package, data


def _redact_activity(viewer: Viewer, activity: dict[str, Any]) -> None:
    """Activity data holds whole dataset dicts (resource URLs included) and
    resource view configs, which point at the data too."""
    package, data = _package_of_activity(activity)
    if not data:
        return
    if package is None:
        if isinstance(data.get("package"), dict):
            # Purged since: nothing says who may see its data.
            sharing.redact_package_dict(data["package"], {"data": False, "reason": "unknown"})
        return
    if (package.type or CATALOGUE_TYPE) != CATALOGUE_TYPE or viewer.may_use_data(package):
        return
    access = sharing.access_info(package, viewer)
    if isinstance(data.get("package"), dict):
        sharing.redact_package_dict(data["package"], access)
    if isinstance(data.get("config"), dict):
        data["config"] = {}
    secrets = {resource.url for resource in package.resources_all if resource.url}
    activity["data"] = blank_strings_holding(data, secrets)


def _redact_activities(context: Any, activities: Any) -> Any:
    viewer = Viewer.from_context(context)
    if viewer.trusted or viewer.is_sysadmin:
        return activities
    for activity in activities or []:
        if isinstance(activity, dict):
            _redact_activity(viewer, activity)
    return activities


def _chain_activity_list(name: str) -> Any:
    def action(original_action: Any, context: Any, data_dict: dict[str, Any]):
        return _redact_activities(context, original_action(context, data_dict))
    action.__name__ = name
    action.__doc__ = f"{name}, with the data of restricted entries redacted."
    return tk.chained_action(tk.side_effect_free(action))


package_activity_list = _chain_activity_list("package_activity_list")
organization_activity_list = _chain_activity_list("organization_activity_list")
group_activity_list = _chain_activity_list("group_activity_list")
user_activity_list = _chain_activity_list("user_activity_list")
dashboard_activity_list = _chain_activity_list("dashboard_activity_list")
recently_changed_packages_activity_list = _chain_activity_list(
    "recently_changed_packages_activity_list")


@tk.chained_action
@tk.side_effect_free
def activity_show(original_action: Any, context: Any, data_dict: dict[str, Any]):
    activity = original_action(context, data_dict)
    _redact_activities(context, [activity])
    return activity


@tk.chained_action
@tk.side_effect_free
def activity_data_show(original_action: Any, context: Any, data_dict: dict[str, Any]):
    data = original_action(context, data_dict)
    activity_id = data_dict.get("id")
    raw = model.Session.get(_activity_model(), activity_id) if activity_id else None
    if raw is None or not isinstance(data, dict):
        return data
    by_type = data_dict.get("object_type") == "package"
    wrapped = {"object_id": raw.object_id, "data": {"package": data} if by_type else data}
    _redact_activities(context, [wrapped])
    return wrapped["data"]["package"] if by_type else wrapped["data"]


def _activity_model() -> Any:
    from ckanext.activity.model import Activity
    return Activity


@tk.chained_action
@tk.side_effect_free
def activity_diff(original_action: Any, context: Any, data_dict: dict[str, Any]):
    result = original_action(context, data_dict)
    if data_dict.get("object_type") != "package":
        return result
    before = [json.dumps(a.get("data"), sort_keys=True) for a in result["activities"]]
    _redact_activities(context, result["activities"])
    after = [json.dumps(a.get("data"), sort_keys=True) for a in result["activities"]]
    if before != after:
        objects = [a["data"]["package"] for a in result["activities"]]
        result["diff"] = _diff(objects, data_dict.get("diff_type", "unified"))
    return result


def _diff(objects: list[dict[str, Any]], diff_type: str) -> str:
    """The diff activity_diff makes, of the redacted dataset dicts."""
    lines = [json.dumps(copy.deepcopy(obj), indent=2, sort_keys=True).split("\n")
             for obj in objects]
    if diff_type == "context":
        return "\n".join(difflib.context_diff(*lines))
    if diff_type == "html":
        wrapped = [[part for line in obj_lines for part in re.findall(r".{1,70}(?:\s+|$)", line)]
                   for obj_lines in lines]
        return difflib.HtmlDiff().make_table(*wrapped)
    return "\n".join(difflib.unified_diff(*lines))

