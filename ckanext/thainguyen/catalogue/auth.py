"""Auth chained so that only those with data access reach the data itself.

Metadata auth (package_show, resource_show) stays with permission labels
(package_show only skips loading the extras when the answer is the same in
every mode); these functions guard what carries the data: resource views
and DataStore.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen.catalogue.rules import Viewer, public_whatever_the_mode

__all__ = [
    "thainguyen_catalogue_summary",
    "thainguyen_catalogue_export",
    "package_show",
    "resource_view_show",
]

# Chaining needs the chained function to exist: only when DataStore is on.
CHAINED_WHEN_ENABLED = {"datastore": ["datastore_search", "datastore_search_sql", "datastore_info"]}


def _no_data(context: Any, resource: Any) -> dict[str, Any] | None:
    if resource is None:
        return None
    if Viewer.from_context(context).may_use_data(resource.package):
        return None
    return {"success": False,
            "msg": tk._("You are not allowed to use the data of this catalogue entry")}


# The overview and its exports: open to everyone, anonymous visitors
# included; they read through the caller's own package_search, so no one
# learns more than searching would tell them.
@tk.auth_allow_anonymous_access
def thainguyen_catalogue_summary(context: Any, data_dict: Any) -> dict[str, bool]:
    return {"success": True}


@tk.auth_allow_anonymous_access
def thainguyen_catalogue_export(context: Any, data_dict: Any) -> dict[str, bool]:
    return {"success": True}


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def package_show(next_auth: Any, context: Any, data_dict: dict[str, Any]):
    # The same answer as CKAN's label match, without loading the entry's
    # extras: the commonest read (any open entry) costs no extra query.
    package = context.get("package")
    ref = (data_dict or {}).get("id")
    if (isinstance(package, model.Package) and ref in (package.id, package.name)
            and public_whatever_the_mode(package)):
        return {"success": True}
    return next_auth(context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def resource_view_show(next_auth: Any, context: Any, data_dict: dict[str, Any]):
    view = model.ResourceView.get(data_dict.get("id") or "")
    resource = model.Resource.get(view.resource_id) if view is not None else None
    return _no_data(context, resource) or next_auth(context, data_dict)


def _datastore_resource(data_dict: dict[str, Any]) -> Any:
    return model.Resource.get(data_dict.get("resource_id") or data_dict.get("id") or "")


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def datastore_search(next_auth: Any, context: Any, data_dict: dict[str, Any]):
    return _no_data(context, _datastore_resource(data_dict)) or next_auth(context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def datastore_info(next_auth: Any, context: Any, data_dict: dict[str, Any]):
    return _no_data(context, _datastore_resource(data_dict)) or next_auth(context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def datastore_search_sql(next_auth: Any, context: Any, data_dict: dict[str, Any]):
    # DataStore tables are named after their resources' ids.
    for table_name in context.get("table_names") or []:
        refusal = _no_data(context, model.Resource.get(table_name))
        if refusal:
            return refusal
    return next_auth(context, data_dict)
