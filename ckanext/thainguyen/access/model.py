"""Access requests for catalogue entries shared in ``special`` mode.

A request goes pending -> approved | rejected, and approved -> revoked.
``expired`` is never stored: an approved grant whose ``expires`` is past is
shown as expired, so grants lapse by themselves without a scheduled job.
Every step is also written to ``thainguyen_access_request_event``, which
keeps who did what, when and why.

There is deliberately no foreign key to ``package``/``user``: the audit trail
must survive a dataset purge.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.model.types import make_uuid
from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, UnicodeText, select, text

from ckanext.thainguyen.catalogue.rules import grant_label
from ckanext.thainguyen.core.dates import utcnow
from ckanext.thainguyen.core.storable import lookup_key

__all__ = [
    "AccessRequest",
    "AccessRequestEvent",
    "PENDING",
    "APPROVED",
    "REJECTED",
    "REVOKED",
    "EXPIRED",
    "STATUSES",
    "active_grant_package_ids",
    "active_grants_query",
    "has_active_grant",
    "grant_label_query",
]

PENDING = "pending"
APPROVED = "approved"
REJECTED = "rejected"
REVOKED = "revoked"
# Derived only, never stored.
EXPIRED = "expired"
STATUSES = (PENDING, APPROVED, REJECTED, REVOKED, EXPIRED)


class AccessRequest(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "thainguyen_access_request"
    __table_args__ = (
        # One open request per user and entry; the action checks first for a
        # friendly error, the index closes the race between two submissions.
        Index(
            "thainguyen_access_request_one_pending_idx",
            "package_id", "user_id",
            unique=True,
            postgresql_where=text("status = 'pending'"),
        ),
        Index("thainguyen_access_request_grant_idx", "user_id", "status", "expires"),
    )

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    package_id = Column(UnicodeText, nullable=False, index=True)
    user_id = Column(UnicodeText, nullable=False)
    purpose = Column(UnicodeText, nullable=False)
    legal_basis = Column(UnicodeText, nullable=False)
    period_start = Column(Date, nullable=False)
    period_end = Column(Date, nullable=False)
    status = Column(UnicodeText, nullable=False, default=PENDING)
    created = Column(DateTime, nullable=False, default=utcnow)
    # The decision (approval or rejection) and, later, a revocation.
    decided_by = Column(UnicodeText)
    decided_at = Column(DateTime)
    decision_note = Column(UnicodeText)
    expires = Column(DateTime)
    revoked_by = Column(UnicodeText)
    revoked_at = Column(DateTime)
    revoke_reason = Column(UnicodeText)

    @classmethod
    def get(cls, request_id: Any, for_update: bool = False) -> Optional["AccessRequest"]:
        if not lookup_key(request_id):
            return None
        query = model.Session.query(cls).filter(cls.id == request_id)
        if for_update:
            # Two admins deciding at once must not both win.
            query = query.with_for_update()
        return query.one_or_none()

    def effective_status(self, now: Optional[Any] = None) -> str:
        if self.status == APPROVED and self.expires is not None:
            if self.expires <= (now or utcnow()):
                return EXPIRED
        return self.status

    def events(self) -> list["AccessRequestEvent"]:
        return (
            model.Session.query(AccessRequestEvent)
            .filter(AccessRequestEvent.request_id == self.id)
            .order_by(AccessRequestEvent.timestamp, AccessRequestEvent.id)
            .all()
        )


class AccessRequestEvent(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "thainguyen_access_request_event"

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    request_id = Column(
        UnicodeText,
        ForeignKey("thainguyen_access_request.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    # created | approved | rejected | revoked
    event = Column(UnicodeText, nullable=False)
    actor_id = Column(UnicodeText, nullable=False)
    timestamp = Column(DateTime, nullable=False, default=utcnow)
    note = Column(UnicodeText)


def active_grants_query(user_id: Any, now: Any = None) -> Any:
    """Package ids of the user's active grants; ``user_id`` and ``now``
    (default: this moment) may be values or SQL expressions."""
    return select(AccessRequest.package_id).where(
        AccessRequest.user_id == user_id,
        AccessRequest.status == APPROVED,
        AccessRequest.expires > (utcnow() if now is None else now),
    )


def active_grant_package_ids(user_id: str) -> list[str]:
    """Ids of the entries ``user_id`` holds an approved, unexpired, unrevoked grant for."""
    rows = model.Session.execute(active_grants_query(user_id).distinct())
    return sorted(row[0] for row in rows)


def has_active_grant(user_id: str, package_id: str) -> bool:
    query = active_grants_query(user_id).where(AccessRequest.package_id == package_id).limit(1)
    return model.Session.execute(query).first() is not None


def grant_label_query(user: Any) -> Any:
    """User-label query: ``grant-<id>`` for each entry the user holds an
    approved, unexpired, unrevoked grant for (special entries carry the same
    label, see ``catalogue.rules.data_labels``)."""
    # The time of each request, not of the statement's first use.
    now = sa.bindparam("thainguyen_now", callable_=utcnow, type_=sa.DateTime)
    grants = active_grants_query(user.id, now).subquery()
    return sa.select(sa.func.concat(grant_label(""), grants.c.package_id).label("label")).distinct()
