"""E-mails about access requests: admins hear of new requests, requesters of decisions.

Mail is a courtesy: the request pages are the record. The actions only
register a background job (``core.jobs``), enqueued once the request or
decision is committed; the job gets the request's id, re-reads the committed
row and mails. Whatever goes wrong with mail never changes an action's
answer: a failed mail (SMTP server down, address refused) is retried
``ckanext.thainguyen.jobs.retries`` times, then given up with a log line;
without ``smtp.mail_from`` (mail not configured) the job logs one line and
ends; with Redis down no job is enqueued (``core.jobs`` logs it).

The worker has no web request, hence no request locale: mails are written in
``ckan.locale_default`` from the extension's own catalogue.
"""
from __future__ import annotations

import logging
from typing import Optional

import ckan.plugins.toolkit as tk
import rq
from ckan import model
from ckan.lib.mailer import mail_user

from ckanext.thainguyen.access.model import (
    APPROVED, PENDING, REJECTED, REVOKED, AccessRequest,
)
from ckanext.thainguyen.core.jobs import enqueue_after_commit
from ckanext.thainguyen.core.text import site_gettext

log = logging.getLogger(__name__)

__all__ = ["request_created", "request_decided", "send_request_created", "send_request_decided"]

Notice = tuple[model.User, str, str]


def request_created(access_request: AccessRequest) -> None:
    """Mail the owning organisation's admins once the new request is committed."""
    enqueue_after_commit(send_request_created, [access_request.id],
                         title=f"thainguyen access request {access_request.id}: created")


def request_decided(access_request: AccessRequest) -> None:
    """Mail the requester once the decision is committed."""
    enqueue_after_commit(send_request_decided, [access_request.id, access_request.status],
                         title=f"thainguyen access request {access_request.id}: {access_request.status}")


def _page(path: str) -> str:
    return tk.config.get("ckan.site_url").rstrip("/") + path


def _entry_title(access_request: AccessRequest) -> str:
    pkg = model.Package.get(access_request.package_id)
    return (pkg.title or pkg.name) if pkg else access_request.package_id


def _created_notices(access_request: AccessRequest) -> list[Notice]:
    pkg = model.Package.get(access_request.package_id)
    if not pkg or not pkg.owner_org:
        return []
    _ = site_gettext()
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
        .order_by(model.User.name)
    )
    org = model.Group.get(pkg.owner_org)
    subject = _("New access request for %(title)s") % {"title": _entry_title(access_request)}
    body = _(
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
    return [(admin, subject, body) for admin in admins]


def _decided_notices(access_request: AccessRequest) -> list[Notice]:
    _ = site_gettext()
    title = _entry_title(access_request)
    status = access_request.status
    if status == APPROVED:
        subject = _("Access granted: %(title)s")
        detail = _("Your access is valid until %(expires)s (UTC).") % {
            "expires": access_request.expires.strftime("%Y-%m-%d %H:%M"),
        }
        if access_request.decision_note:
            detail += "\n" + access_request.decision_note
    elif status == REJECTED:
        subject = _("Access request rejected: %(title)s")
        detail = _("Reason: %(reason)s") % {"reason": access_request.decision_note}
    elif status == REVOKED:
        subject = _("Access revoked: %(title)s")
        detail = _("Reason: %(reason)s") % {"reason": access_request.revoke_reason}
    else:
        return []
    body = _("Your request for access to %(title)s: %(detail)s\n\nYour requests: %(url)s") % {
        "title": title, "detail": detail, "url": _page("/dashboard/access-requests"),
    }
    return [(model.User.get(access_request.user_id), subject % {"title": title}, body)]


def _deliver(request_id: str, notice: str, notices: list[Notice]) -> None:
    """Mail each notice once, even across retries: the recipients already
    served are kept in the job's meta."""
    if not tk.config.get("smtp.mail_from"):
        # CKAN's mailer cannot send without a sender: no retry could help.
        log.warning("access request %s: %s mail not sent: smtp.mail_from is not set", request_id, notice)
        return
    job = rq.get_current_job()
    sent = set(job.meta.get("sent", [])) if job else set()
    try:
        for user, subject, body in notices:
            if not user or not user.email or user.id in sent:
                continue
            mail_user(user, subject, body)
            sent.add(user.id)
    except Exception:
        retries_left = job.retries_left if job else None
        if job:
            job.meta["sent"] = sorted(sent)
            job.save_meta()
        if retries_left:
            log.warning("access request %s: %s mail failed, %s retries left",
                        request_id, notice, retries_left, exc_info=True)
        else:
            log.error("access request %s: %s mail failed, giving up", request_id, notice, exc_info=True)
        raise


def send_request_created(request_id: str) -> None:
    """Background job: tell the admins of the owning organisation of a new request."""
    access_request = AccessRequest.get(request_id)
    if access_request is None or access_request.status != PENDING:
        # Decided (or withdrawn) before the worker got to it: no news to the admins.
        return
    _deliver(request_id, "created", _created_notices(access_request))


def send_request_decided(request_id: str, decision: str) -> None:
    """Background job: tell the requester of the decision ``decision``."""
    access_request: Optional[AccessRequest] = AccessRequest.get(request_id)
    if access_request is None or access_request.status != decision:
        # A later decision (e.g. a revocation) superseded this one; its own job tells.
        return
    _deliver(request_id, decision, _decided_notices(access_request))
