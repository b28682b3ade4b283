"""Pages of the access-request workflow.

- ``/dataset/<id>/request-access``: a signed-in user asks for access;
- ``/dashboard/access-requests``: the requester follows their requests;
- ``/organization/<id>/access-requests``: organisation admins decide.

Every write goes through the actions, so the pages can never do more than
the API; a refused input re-renders the form with its field errors.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan import model
from flask import Blueprint

from ckanext.thainguyen.access.auth import is_org_admin
from ckanext.thainguyen.access.model import PENDING
from ckanext.thainguyen.core.users import view_context

__all__ = ["thainguyen_access"]

thainguyen_access = Blueprint("thainguyen_access", __name__)

REQUEST_FIELDS = ("purpose", "legal_basis", "period_start", "period_end")
DECISIONS = {
    "approve": ("thainguyen_access_request_approve", ("expires", "note")),
    "reject": ("thainguyen_access_request_reject", ("reason",)),
    "revoke": ("thainguyen_access_request_revoke", ("reason",)),
}


def _signed_in() -> bool:
    return bool(tk.current_user and tk.current_user.is_authenticated)


def _to_login() -> Any:
    return tk.redirect_to("user.login", came_from=tk.request.full_path.rstrip("?"))


def _error_summary(errors: dict[str, Any], labels: dict[str, str]) -> dict[str, str]:
    return {
        labels.get(field, field): " ".join(str(m) for m in messages) if isinstance(messages, list) else str(messages)
        for field, messages in errors.items()
    }


def _field_labels() -> dict[str, str]:
    return {
        "package_id": tk._("Catalogue entry"),
        "purpose": tk._("Purpose of use"),
        "legal_basis": tk._("Legal basis"),
        "period_start": tk._("From"),
        "period_end": tk._("To"),
        "expires": tk._("Access valid until"),
        "note": tk._("Note"),
        "reason": tk._("Reason"),
        "status": tk._("Status"),
    }


def _entry_for(id: str) -> model.Package:
    pkg = model.Package.get(id)
    if not pkg or pkg.state != "active":
        tk.abort(404, tk._("Catalogue entry not found"))
    return pkg


def _entry_title(pkg: model.Package) -> str:
    # Hidden special entries keep their title from those who may not read
    # their metadata: the requester already knows the name from the URL.
    try:
        tk.check_access("package_show", view_context(), {"id": pkg.id})
    except tk.NotAuthorized:
        return pkg.name
    return pkg.title or pkg.name


@thainguyen_access.route("/dataset/<id>/request-access", methods=["GET", "POST"])
def request_access(id: str) -> Any:
    if not _signed_in():
        tk.h.flash_notice(tk._("Please sign in to request access."))
        return _to_login()
    pkg = _entry_for(id)
    is_special = (pkg.extras or {}).get("sharing_mode") == "special"
    data: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    status = 200

    if tk.request.method == "POST" and is_special:
        data = {field: tk.request.form.get(field, "") for field in REQUEST_FIELDS}
        try:
            tk.get_action("thainguyen_access_request_create")(
                view_context(), dict(data, package_id=pkg.id),
            )
        except tk.ValidationError as error:
            errors = error.error_dict
            status = 400
        except tk.NotAuthorized:
            tk.abort(403, tk._("Not authorised to request access"))
        else:
            tk.h.flash_success(tk._("Your request has been sent to the agency that owns the entry."))
            return tk.redirect_to("thainguyen_access.dashboard")

    previous = tk.get_action("thainguyen_access_request_list")(
        view_context(), {"package_id": pkg.id, "mine": True},
    )
    return tk.render("thainguyen/access/request_form.html", {
        "pkg_name": pkg.name,
        "pkg_title": _entry_title(pkg),
        "is_special": is_special,
        "data": data,
        "errors": errors,
        "error_summary": _error_summary(errors, _field_labels()),
        "previous": previous,
    }), status


@thainguyen_access.route("/dashboard/access-requests")
def dashboard() -> Any:
    if not _signed_in():
        return _to_login()
    requests = tk.get_action("thainguyen_access_request_list")(view_context(), {"mine": True})
    user_dict = tk.get_action("user_show")(view_context(), {"id": tk.current_user.id})
    return tk.render("thainguyen/access/dashboard.html", {
        "requests": requests, "user_dict": user_dict,
    })


def _organization_page(id: str, form_errors: Optional[dict[str, Any]] = None,
                       form_data: Optional[dict[str, Any]] = None, status: int = 200) -> Any:
    org = model.Group.get(id)
    if not org or not org.is_organization or org.state != "active":
        tk.abort(404, tk._("Organization not found"))
    if not is_org_admin(tk.current_user.name, org.id):
        tk.abort(403, tk._("Only administrators of the organisation can decide access requests"))
    requests = tk.get_action("thainguyen_access_request_list")(
        view_context(), {"owner_org": org.id, "limit": 1000},
    )
    pending = [r for r in requests if r["status"] == PENDING]
    decided = [r for r in requests if r["status"] != PENDING]
    return tk.render("thainguyen/access/organization.html", {
        "org": {"id": org.id, "name": org.name, "title": org.display_name},
        "pending": pending,
        "decided": decided,
        "form_errors": form_errors or {},
        "form_data": form_data or {},
        "field_labels": _field_labels(),
    }), status


@thainguyen_access.route("/organization/<id>/access-requests")
def organization(id: str) -> Any:
    if not _signed_in():
        return _to_login()
    return _organization_page(id)


@thainguyen_access.route(
    "/organization/<id>/access-requests/<request_id>/<decision>", methods=["POST"],
)
def decide(id: str, request_id: str, decision: str) -> Any:
    if not _signed_in():
        return _to_login()
    if decision not in DECISIONS:
        tk.abort(404)
    action, fields = DECISIONS[decision]
    data = {field: tk.request.form.get(field, "") for field in fields}
    try:
        tk.get_action(action)(view_context(), dict(data, id=request_id))
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Access request not found"))
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only administrators of the organisation can decide access requests"))
    except tk.ValidationError as error:
        # Errors are shown beside the form of the request they belong to.
        return _organization_page(
            id, form_errors={request_id: {"decision": decision, "errors": error.error_dict}},
            form_data={request_id: data}, status=400,
        )
    messages = {
        "approve": tk._("The request has been approved."),
        "reject": tk._("The request has been rejected."),
        "revoke": tk._("The grant has been revoked."),
    }
    tk.h.flash_success(messages[decision])
    return tk.redirect_to("thainguyen_access.organization", id=id)

