"""E-mails about access requests: admins hear of new requests, requesters of decisions.

Mail is a courtesy: the request pages are the record. Mail goes out after
the request or decision is committed, so whatever goes wrong with it (no
SMTP server, no ``smtp.mail_from``: CKAN's mailer then raises AttributeError,
a bad address) is logged and never changes the action's answer.
"""
from __future__ import annotations

import functools
import logging
from typing import Any, Callable

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.mailer import mail_user

from ckanext.thainguyen.access.model import (
    APPROVED, REJECTED, REVOKED, AccessRequest,
)

log = logging.getLogger(__name__)


def _never_raises(notice: Callable[[AccessRequest], None]) -> Callable[[AccessRequest], None]:
    @functools.wraps(notice)
    def send(access_request: AccessRequest) -> None:
        try:
            notice(access_request)
        except Exception:  # noqa: BLE001 - any failure of a courtesy mail
            log.exception("access request %s: %s not sent", access_request.id, notice.__name__)
    return send


def _send(user: model.User, subject: str, body: str) -> None:
    if user and user.email:
        mail_user(user, subject, body)


def _page(path: str) -> str:
    return tk.config.get("ckan.site_url").rstrip("/") + path


def _entry_title(access_request: AccessRequest) -> str:
    pkg = model.Package.get(access_request.package_id)
    return (pkg.title or pkg.name) if pkg else access_request.package_id


@_never_raises
def request_created(access_request: AccessRequest) -> None:
    pkg = model.Package.get(access_request.package_id)
    if not pkg or not pkg.owner_org:
        return
    requester = model.User.get(access_request.user_id)
    admins = (
        model.Session.query(model.User)
        .join(model.Member, model.Member.table_id == model.User.id)
        .filter(
            model.Member.group_id == pkg.owner_org,
            model.Member.table_name == "user",
            model.Member.capacity == "admin",
            model.Member.state == "active",
            model.User.state == "active",
        )
    )
    org = model.Group.get(pkg.owner_org)
    subject = tk._("New access request for %(title)s") % {"title": _entry_title(access_request)}
    body = tk._(
        "%(requester)s asks for access to %(title)s.\n\n"
        "Purpose: %(purpose)s\nLegal basis: %(legal_basis)s\n"
        "Period: %(start)s to %(end)s\n\nDecide at %(url)s"
    ) % {
        "requester": requester.display_name if requester else access_request.user_id,
        "title": _entry_title(access_request),
        "purpose": access_request.purpose,
        "legal_basis": access_request.legal_basis,
        "start": access_request.period_start.isoformat(),
        "end": access_request.period_end.isoformat(),
        "url": _page(f"/organization/{org.name if org else pkg.owner_org}/access-requests"),
    }
    for admin in admins:
        _send(admin, subject, body)


@_never_raises
def request_decided(access_request: AccessRequest) -> None:
    title = _entry_title(access_request)
    subjects: dict[str, Any] = {
        APPROVED: tk._("Access granted: %(title)s"),
        REJECTED: tk._("Access request rejected: %(title)s"),
        REVOKED: tk._("Access revoked: %(title)s"),
    }
    if access_request.status not in subjects:
        return
    if access_request.status == APPROVED:
        detail = tk._("Your access is valid until %(expires)s (UTC).") % {
            "expires": access_request.expires.strftime("%Y-%m-%d %H:%M"),
        }
        if access_request.decision_note:
            detail += "\n" + access_request.decision_note
    elif access_request.status == REJECTED:
        detail = tk._("Reason: %(reason)s") % {"reason": access_request.decision_note}
    else:
        detail = tk._("Reason: %(reason)s") % {"reason": access_request.revoke_reason}
    body = tk._("Your request for access to %(title)s: %(detail)s\n\nYour requests: %(url)s") % {
        "title": title, "detail": detail, "url": _page("/dashboard/access-requests"),
    }
    _send(model.User.get(access_request.user_id), subjects[access_request.status] % {"title": title}, body)
