"""Activity actions chained so that activity data never carries what the viewer may not see.

ckanext-activity stores a whole dataset dict (resource URLs included) with
every activity and shows it, and diffs of it, to whoever may read the
dataset. ``activity_create`` stores no personal data of any record type
(``core.records``); the reads redact resource URLs of restricted entries
and every record type's hidden fields (older activities included).
"""
from __future__ import annotations

import copy
import difflib
import json
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen.catalogue.hooks import access_info, redact_package_dict
from ckanext.thainguyen.catalogue.rules import CATALOGUE_TYPE, Viewer
from ckanext.thainguyen.core import records
from ckanext.thainguyen.core.redaction import blank_strings_holding

__all__: list[str] = []
# Chaining needs the chained action to exist: only with ckanext-activity.
CHAINED_WHEN_ENABLED = {"activity": [
    "activity_create",
    "package_activity_list",
    "organization_activity_list",
    "group_activity_list",
    "user_activity_list",
    "dashboard_activity_list",
    "recently_changed_packages_activity_list",
    "activity_show",
    "activity_data_show",
    "activity_diff",
]}


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
            redact_package_dict(data["package"], {"data": False, "reason": "unknown"})
        return
    if (package.type or CATALOGUE_TYPE) != CATALOGUE_TYPE or viewer.may_use_data(package):
        return
    access = access_info(package, viewer)
    if isinstance(data.get("package"), dict):
        redact_package_dict(data["package"], access)
    if isinstance(data.get("config"), dict):
        data["config"] = {}
    secrets = {resource.url for resource in package.resources_all if resource.url}
    activity["data"] = blank_strings_holding(data, secrets)


def _redact_activities(context: Any, activities: Any) -> Any:
    # Every record type's hidden fields (personal data, embargoed results),
    # decided on who asks even with ignore_auth.
    for activity in activities or []:
        if isinstance(activity, dict):
            records.redact_activity(context, activity)
    viewer = Viewer.from_context(context)
    if viewer.trusted or viewer.is_sysadmin:
        return activities
    for activity in activities or []:
        if isinstance(activity, dict):
            _redact_activity(viewer, activity)
    return activities


@tk.chained_action
def activity_create(original_action: Any, context: Any, data_dict: dict[str, Any]) -> Any:
    # Every record type's personal data is kept out of stored activities.
    return original_action(context, records.redacted_for_storage(data_dict))


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

