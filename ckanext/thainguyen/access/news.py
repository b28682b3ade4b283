"""What a signed-in user should know about access requests, without mail.

Organisation admins: how many requests wait for them, per organisation.
Requesters: the decisions on their requests of the last
``ckanext.thainguyen.access.news_days`` days. Each is one query; the header
asks on every page, so the pending counts are kept for the rest of the web
request.
"""
from __future__ import annotations

import datetime
from typing import Any, Optional

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import authz, model
from flask import has_request_context

from ckanext.thainguyen.access.model import PENDING, AccessRequest
from ckanext.thainguyen.core.dates import utcnow

__all__ = ["pending_by_organization", "recent_decisions"]


def _pending_query(user: model.User) -> Any:
    query = (
        model.Session.query(model.Group.name, model.Group.title,
                            sa.func.count(AccessRequest.id).label("count"))
        .join(model.Package, model.Package.id == AccessRequest.package_id)
        .join(model.Group, model.Group.id == model.Package.owner_org)
        .filter(AccessRequest.status == PENDING,
                model.Package.state == "active", model.Group.state == "active")
    )
    if not authz.is_sysadmin(user.name):
        # The organisations the user decides for: those they administer.
        query = query.filter(model.Package.owner_org.in_(sa.select(model.Member.group_id).where(
            model.Member.table_name == "user",
            model.Member.table_id == user.id,
            model.Member.capacity == "admin",
            model.Member.state == "active",
        )))
    return query.group_by(model.Group.id, model.Group.name, model.Group.title).order_by(model.Group.title)


def pending_by_organization(user: Optional[model.User]) -> list[dict[str, Any]]:
    """``[{"name", "title", "count"}]``: pending requests per organisation ``user`` decides for."""
    if user is None:
        return []
    cached = getattr(tk.g, "thainguyen_pending_access", None) if has_request_context() else None
    if cached is not None and cached[0] == user.id:
        return cached[1]
    rows = [{"name": name, "title": title or name, "count": count}
            for name, title, count in _pending_query(user)]
    if has_request_context():
        tk.g.thainguyen_pending_access = (user.id, rows)
    return rows


def recent_decisions(user: Optional[model.User], limit: int = 5) -> list[dict[str, Any]]:
    """The latest decisions (approval, rejection, revocation) on ``user``'s requests."""
    if user is None:
        return []
    decided = sa.func.coalesce(AccessRequest.revoked_at, AccessRequest.decided_at)
    since = utcnow() - datetime.timedelta(days=tk.config.get("ckanext.thainguyen.access.news_days"))
    rows = (
        model.Session.query(AccessRequest, decided, model.Package.name, model.Package.title)
        .outerjoin(model.Package, model.Package.id == AccessRequest.package_id)
        .filter(AccessRequest.user_id == user.id, AccessRequest.status != PENDING, decided >= since)
        .order_by(decided.desc(), AccessRequest.id)
        .limit(limit)
    )
    return [{
        "id": access_request.id,
        "status": access_request.effective_status(),
        "decided_at": at.isoformat(),
        "package": {"name": name, "title": title or name} if name else None,
    } for access_request, at, name, title in rows]
