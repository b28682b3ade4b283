"""Access requests for catalogue entries shared in special mode.

A signed-in user asks; admins of the owning organisation approve (with an
expiry), reject (with a reason) or later revoke. Approval takes effect on
search and package_show at once: the grantee's permission labels are read
from the grants at every request (see ``access.model.grant_label_query``).
"""
from __future__ import annotations

from typing import Any, Callable, Optional

import ckan.plugins.toolkit as tk
from ckan import authz, model
from ckan.model.types import make_uuid
from sqlalchemy import and_, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckanext.thainguyen.access import notify
from ckanext.thainguyen.access import schema as schemas
from ckanext.thainguyen.access.auth import can_decide
from ckanext.thainguyen.access.model import (
    APPROVED, EXPIRED, PENDING, REJECTED, REVOKED,
    AccessRequest, AccessRequestEvent,
)
from ckanext.thainguyen.core.dates import utcnow
from ckanext.thainguyen.core.users import acting_user
from ckanext.thainguyen.core.validators import validate_or_raise

__all__ = [
    "thainguyen_access_request_create",
    "thainguyen_access_request_list",
    "thainguyen_access_request_show",
    "thainguyen_access_request_approve",
    "thainguyen_access_request_reject",
    "thainguyen_access_request_revoke",
]

DEFAULT_LIST_LIMIT = 100
MAX_LIST_LIMIT = 1000


def status_label(status: str) -> str:
    return {
        PENDING: tk._("pending"),
        APPROVED: tk._("approved"),
        REJECTED: tk._("rejected"),
        REVOKED: tk._("revoked"),
        EXPIRED: tk._("expired"),
    }.get(status, status)


def _commit(context: Any) -> None:
    if not context.get("defer_commit"):
        model.repo.commit()


def _user_summary(user_id: Optional[str], with_contact: bool = False) -> Optional[dict[str, Any]]:
    if not user_id:
        return None
    user = model.User.get(user_id)
    if not user:
        return {"id": user_id, "name": None, "display_name": user_id}
    summary = {"id": user.id, "name": user.name, "display_name": user.display_name}
    if with_contact:
        summary["email"] = user.email
    return summary


def _iso(value: Any) -> Optional[str]:
    return value.isoformat() if value is not None else None


def _dictize(access_request: AccessRequest, viewer: model.User, with_events: bool = False) -> dict[str, Any]:
    pkg = model.Package.get(access_request.package_id)
    is_decider = can_decide(viewer.name, access_request)
    result = {
        "id": access_request.id,
        "package_id": access_request.package_id,
        "package": {
            "id": pkg.id, "name": pkg.name, "title": pkg.title, "owner_org": pkg.owner_org,
        } if pkg else None,
        "user_id": access_request.user_id,
        # Contact data of a requester is for the requester and the deciders only.
        "requester": _user_summary(
            access_request.user_id,
            with_contact=is_decider or viewer.id == access_request.user_id,
        ),
        "purpose": access_request.purpose,
        "legal_basis": access_request.legal_basis,
        "period_start": _iso(access_request.period_start),
        "period_end": _iso(access_request.period_end),
        "status": access_request.effective_status(),
        "created": _iso(access_request.created),
        "decided_by": _user_summary(access_request.decided_by),
        "decided_at": _iso(access_request.decided_at),
        "decision_note": access_request.decision_note,
        "expires": _iso(access_request.expires),
        "revoked_by": _user_summary(access_request.revoked_by),
        "revoked_at": _iso(access_request.revoked_at),
        "revoke_reason": access_request.revoke_reason,
        "can_decide": is_decider,
    }
    if with_events:
        result["events"] = [
            {
                "event": event.event,
                "actor": _user_summary(event.actor_id),
                "timestamp": _iso(event.timestamp),
                "note": event.note,
            }
            for event in access_request.events()
        ]
    return result


def _record(access_request: AccessRequest, event: str, actor: model.User, note: Optional[str] = None) -> None:
    model.Session.add(AccessRequestEvent(
        request_id=access_request.id, event=event, actor_id=actor.id, note=note, timestamp=utcnow(),
    ))


def thainguyen_access_request_create(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """Ask for access to a special-mode entry.

    :param package_id: id or name of the entry
    :param purpose: what the data will be used for
    :param legal_basis: the legal ground for the request
    :param period_start: first day of the requested period (YYYY-MM-DD)
    :param period_end: last day of the requested period (YYYY-MM-DD)
    """
    tk.check_access("thainguyen_access_request_create", context, data_dict)
    data = validate_or_raise(data_dict, schemas.access_request_create_schema(), context)
    user = acting_user(context)

    # One statement both checks and inserts: the partial unique index (one
    # pending request per user and entry) decides between concurrent
    # submissions, and a loser gets no row, no exception and no rollback of
    # anything else in the session.
    table = AccessRequest.__table__
    insert = pg_insert(table).values(
        id=make_uuid(),
        package_id=data["package_id"],
        user_id=user.id,
        purpose=data["purpose"],
        legal_basis=data["legal_basis"],
        period_start=data["period_start"],
        period_end=data["period_end"],
        status=PENDING,
        created=utcnow(),
    ).on_conflict_do_nothing(
        index_elements=[table.c.package_id, table.c.user_id],
        index_where=table.c.status == PENDING,
    ).returning(table.c.id)
    request_id = model.Session.execute(insert).scalar()
    if request_id is None:
        raise tk.ValidationError({"package_id": [tk._("You already have a pending request for this entry")]})
    access_request = AccessRequest.get(request_id)
    _record(access_request, "created", user)
    # Registered before the commit, enqueued by it (``core.jobs``).
    notify.request_created(access_request)
    _commit(context)
    return _dictize(access_request, user)


def _admin_org_ids(user: model.User) -> Any:
    return select(model.Member.group_id).where(
        model.Member.table_name == "user",
        model.Member.table_id == user.id,
        model.Member.capacity == "admin",
        model.Member.state == "active",
    )


def _status_clause(status: str) -> Any:
    now = utcnow()
    if status == APPROVED:
        return and_(AccessRequest.status == APPROVED, AccessRequest.expires > now)
    if status == EXPIRED:
        return and_(AccessRequest.status == APPROVED, AccessRequest.expires <= now)
    return AccessRequest.status == status


@tk.side_effect_free
def thainguyen_access_request_list(context: Any, data_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """Access requests the caller may see, newest first.

    Requesters see their own, organisation admins those for their
    organisations' entries, sysadmins all.

    :param status: pending, approved, rejected, revoked or expired (optional)
    :param package_id: id or name of an entry (optional)
    :param owner_org: id or name of the organisation owning the entries (optional)
    :param mine: only the caller's own requests (optional, default false)
    :param limit: at most this many (optional, default 100, at most 1000)
    :param offset: skip this many (optional)
    """
    tk.check_access("thainguyen_access_request_list", context, data_dict)
    data = validate_or_raise(data_dict, schemas.access_request_list_schema(), context)
    user = acting_user(context)

    query = model.Session.query(AccessRequest)
    if not authz.is_sysadmin(user.name):
        admin_packages = select(model.Package.id).where(model.Package.owner_org.in_(_admin_org_ids(user)))
        query = query.filter(or_(
            AccessRequest.user_id == user.id,
            AccessRequest.package_id.in_(admin_packages),
        ))
    if data.get("mine"):
        query = query.filter(AccessRequest.user_id == user.id)
    if data.get("package_id"):
        pkg = model.Package.get(data["package_id"])
        query = query.filter(AccessRequest.package_id == (pkg.id if pkg else data["package_id"]))
    if data.get("owner_org"):
        org = model.Group.get(data["owner_org"])
        org_id = org.id if org else data["owner_org"]
        query = query.filter(AccessRequest.package_id.in_(
            select(model.Package.id).where(model.Package.owner_org == org_id)
        ))
    if data.get("status"):
        query = query.filter(_status_clause(data["status"]))

    query = query.order_by(AccessRequest.created.desc(), AccessRequest.id)
    limit = min(data.get("limit", DEFAULT_LIST_LIMIT), MAX_LIST_LIMIT)
    query = query.offset(data.get("offset", 0)).limit(limit)
    return [_dictize(access_request, user) for access_request in query]


@tk.side_effect_free
def thainguyen_access_request_show(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """One access request with its audit trail.

    :param id: the request's id
    """
    tk.check_access("thainguyen_access_request_show", context, data_dict)
    data = validate_or_raise(data_dict, schemas.access_request_id_schema(), context)
    access_request = AccessRequest.get(data["id"])
    if access_request is None:
        raise tk.ObjectNotFound(tk._("Access request not found"))
    return _dictize(access_request, acting_user(context), with_events=True)


def _locked_request(request_id: str, allowed_from: str, refusal: str) -> AccessRequest:
    access_request = AccessRequest.get(request_id, for_update=True)
    if access_request is None:
        raise tk.ObjectNotFound(tk._("Access request not found"))
    status = access_request.effective_status()
    if status != allowed_from:
        model.Session.rollback()
        raise tk.ValidationError({"status": [refusal % {"status": status_label(status)}]})
    return access_request


def _decide(context: Any, data_dict: dict[str, Any], action: str, schema: dict[str, Any],
            allowed_from: str, refusal: str,
            apply: Callable[[AccessRequest, dict[str, Any], model.User], tuple[str, Optional[str]]],
            ) -> dict[str, Any]:
    """What approving, rejecting and revoking share: auth, validation, the
    request locked in the one state the decision starts from, the change,
    its audit event, the requester's notice, enqueued by the one commit."""
    tk.check_access(action, context, data_dict)
    data = validate_or_raise(data_dict, schema, context)
    user = acting_user(context)
    access_request = _locked_request(data["id"], allowed_from, refusal)
    event, note = apply(access_request, data, user)
    _record(access_request, event, user, note)
    notify.request_decided(access_request)
    _commit(context)
    return _dictize(access_request, user)


def thainguyen_access_request_approve(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """Grant a pending request until ``expires``.

    :param id: the request's id
    :param expires: end of the grant, ISO date (through that day, UTC) or date-time
    :param note: a note for the requester (optional)
    """
    def approve(access_request: AccessRequest, data: dict[str, Any], user: model.User):
        access_request.status = APPROVED
        access_request.expires = data["expires"]
        access_request.decided_by = user.id
        access_request.decided_at = utcnow()
        access_request.decision_note = data.get("note") or None
        return "approved", access_request.decision_note

    return _decide(context, data_dict, "thainguyen_access_request_approve",
                   schemas.access_request_approve_schema(), PENDING,
                   tk._("Only a pending request can be approved; this one is %(status)s"), approve)


def thainguyen_access_request_reject(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """Refuse a pending request.

    :param id: the request's id
    :param reason: why, shown to the requester
    """
    def reject(access_request: AccessRequest, data: dict[str, Any], user: model.User):
        access_request.status = REJECTED
        access_request.decided_by = user.id
        access_request.decided_at = utcnow()
        access_request.decision_note = data["reason"]
        return "rejected", data["reason"]

    return _decide(context, data_dict, "thainguyen_access_request_reject",
                   schemas.access_request_reason_schema(), PENDING,
                   tk._("Only a pending request can be rejected; this one is %(status)s"), reject)


def thainguyen_access_request_revoke(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """Withdraw an approved, unexpired grant.

    :param id: the request's id
    :param reason: why, shown to the requester
    """
    def revoke(access_request: AccessRequest, data: dict[str, Any], user: model.User):
        access_request.status = REVOKED
        access_request.revoked_by = user.id
        access_request.revoked_at = utcnow()
        access_request.revoke_reason = data["reason"]
        return "revoked", data["reason"]

    return _decide(context, data_dict, "thainguyen_access_request_revoke",
                   schemas.access_request_reason_schema(), APPROVED,
                   tk._("Only an active grant can be revoked; this one is %(status)s"), revoke)
