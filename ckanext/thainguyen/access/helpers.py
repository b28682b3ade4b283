"""Template helpers of access requests."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.access import news
from ckanext.thainguyen.access.action import status_label
from ckanext.thainguyen.access.auth import is_org_admin
from ckanext.thainguyen.catalogue.rules import SPECIAL

__all__ = [
    "thainguyen_access_status_label",
    "thainguyen_access_status_style",
    "thainguyen_can_request_access",
    "thainguyen_is_org_admin",
    "thainguyen_pending_access_requests",
    "thainguyen_access_decisions",
]


def thainguyen_access_status_label(status: str) -> str:
    return status_label(status)


def thainguyen_access_status_style(status: str) -> str:
    """Bootstrap badge colour of a request status."""
    return {
        "pending": "warning", "approved": "success", "rejected": "danger",
    }.get(status, "secondary")


def thainguyen_can_request_access(pkg_dict: dict) -> bool:
    """Whether to offer the "request access" button on an entry's page."""
    return (pkg_dict or {}).get("sharing_mode") == SPECIAL and (pkg_dict or {}).get("state") == "active"


def thainguyen_is_org_admin(org_id: str) -> bool:
    """Whether the current user decides access requests for ``org_id``."""
    user = tk.current_user
    return bool(user and user.is_authenticated and is_org_admin(user.name, org_id))


def _signed_in_user() -> Any:
    user = tk.current_user
    return user if user and user.is_authenticated else None


def thainguyen_pending_access_requests() -> dict[str, Any]:
    """Pending requests the current user decides: ``{"count", "organizations": [{"name",
    "title", "count"}], "url"}``; ``url`` leads to the one organisation's
    requests, or to the dashboard when there are several."""
    organizations = news.pending_by_organization(_signed_in_user())
    if len(organizations) == 1:
        url = tk.h.url_for("thainguyen_access.organization", id=organizations[0]["name"])
    else:
        url = tk.h.url_for("thainguyen_access.dashboard")
    return {"count": sum(org["count"] for org in organizations), "organizations": organizations, "url": url}


def thainguyen_access_decisions() -> list[dict[str, Any]]:
    """The latest decisions on the current user's own requests (``access.news``)."""
    return news.recent_decisions(_signed_in_user())
