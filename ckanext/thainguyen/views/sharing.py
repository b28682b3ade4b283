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

from ckanext.thainguyen import sharing
from ckanext.thainguyen.sharing_labels import Viewer

__all__ = ["thainguyen_sharing"]

thainguyen_sharing = Blueprint("thainguyen_sharing", __name__)

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


@thainguyen_sharing.before_app_request
def thainguyen_guard_resource_data() -> Any:
    resource = _guarded_resource()
    if resource is None or resource.package is None:
        return None
    viewer = Viewer.from_context({"user": tk.current_user.name,
                                  "auth_user_obj": tk.current_user})
    if viewer.may_use_data(resource.package):
        return None
    access = sharing.access_info(resource.package, viewer)
    page = tk.render("sharing/no_data_access.html", {
        "pkg": resource.package, "resource": resource, "access": access})
    return page, 403
