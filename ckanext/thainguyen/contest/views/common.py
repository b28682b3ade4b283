"""What the contest's pages share: calling actions as the signed-in user,
fetching the edition or entry of a URL, and showing refused input."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.contest import rules
from ckanext.thainguyen.core.users import view_context


def call(action: str, data: dict[str, Any]) -> Any:
    return tk.get_action(action)(view_context(), data)


def allowed(action: str, data: dict[str, Any]) -> bool:
    try:
        tk.check_access(action, view_context(), data)
        return True
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False


def edition_or_abort(name: str) -> dict[str, Any]:
    try:
        return call("thainguyen_contest_edition_show", {"id": name})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Contest edition not found"))


def entry_or_abort(id: str) -> dict[str, Any]:
    try:
        pkg = call("package_show", {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Contest entry not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not see this entry"))
    if pkg.get("type") != rules.ENTRY_TYPE:
        return tk.abort(404, tk._("Contest entry not found"))
    return pkg


def require_login() -> Any:
    """A redirect to the login page for anonymous users, else None."""
    if not view_context()["user"]:
        return tk.redirect_to("user.login", came_from=tk.request.full_path.rstrip("?"))
    return None


def flat_errors(errors: dict[str, Any]) -> dict[str, str]:
    out = {}
    for field, messages in errors.items():
        if isinstance(messages, list):
            out[field] = " ".join(str(m) if not isinstance(m, dict) else
                                  "; ".join(f"{k}: {' '.join(v)}" for k, v in m.items() if v)
                                  for m in messages)
        else:
            out[field] = str(messages)
    return out


def flash_errors(error: tk.ValidationError) -> None:
    """A refused step, as one flash message."""
    tk.h.flash_error(" ".join(flat_errors(error.error_dict).values()))
