"""Who may ask for, read and decide access requests.

Requesters read their own requests; admins of the organisation owning the
entry (and sysadmins, whom CKAN lets through before these run) read and
decide them. Anonymous users are refused by CKAN before these run, since
none is marked ``auth_allow_anonymous_access``.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan import authz, model

from ckanext.thainguyen.access.model import AccessRequest
from ckanext.thainguyen.core.users import user_from_context

__all__ = [
    "thainguyen_access_request_create",
    "thainguyen_access_request_list",
    "thainguyen_access_request_show",
    "thainguyen_access_request_approve",
    "thainguyen_access_request_reject",
    "thainguyen_access_request_revoke",
]


def is_org_admin(user_name: Optional[str], org_id: Optional[str]) -> bool:
    if not user_name or not org_id:
        return False
    if authz.is_sysadmin(user_name):
        return True
    return authz.users_role_for_group_or_org(org_id, user_name) == "admin"


def can_decide(user_name: Optional[str], access_request: AccessRequest) -> bool:
    """Admins of the organisation that owns the requested entry decide."""
    pkg = model.Package.get(access_request.package_id)
    return bool(pkg) and is_org_admin(user_name, pkg.owner_org)


def _request_from(data_dict: dict[str, Any]) -> AccessRequest:
    request_id = data_dict.get("id")
    access_request = AccessRequest.get(request_id)
    if access_request is None:
        raise tk.ObjectNotFound(tk._("Access request not found"))
    return access_request


def _signed_in(context: Any) -> bool:
    return user_from_context(context) is not None


def thainguyen_access_request_create(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return {"success": _signed_in(context)}


def thainguyen_access_request_list(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    # Every signed-in user may list; the action narrows the rows to theirs.
    return {"success": _signed_in(context)}


def thainguyen_access_request_show(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    access_request = _request_from(data_dict)
    user = user_from_context(context)
    if user and access_request.user_id == user.id:
        return {"success": True}
    if can_decide(context.get("user"), access_request):
        return {"success": True}
    return {"success": False, "msg": tk._("Not authorised to see this access request")}


def _decide(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    if can_decide(context.get("user"), _request_from(data_dict)):
        return {"success": True}
    return {
        "success": False,
        "msg": tk._("Only administrators of the organisation owning the entry can decide access requests"),
    }


def thainguyen_access_request_approve(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _decide(context, data_dict)


def thainguyen_access_request_reject(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _decide(context, data_dict)


def thainguyen_access_request_revoke(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return _decide(context, data_dict)
