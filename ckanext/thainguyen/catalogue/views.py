"""Guard of the URLs that hand out a resource's data.

Resource download and view URLs are core views; they read the resource
through resource_show, which still answers (metadata is public), so the
sharing mode is enforced before they run.
"""
from __future__ import annotations

from typing import Any, Optional

from flask import Blueprint, request

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen.catalogue.hooks import access_info
from ckanext.thainguyen.catalogue.rules import Viewer
from ckanext.thainguyen.core.users import view_context

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
