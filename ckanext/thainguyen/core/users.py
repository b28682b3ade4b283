"""The user behind an action, auth or view context: one way to ask."""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen.core.storable import lookup_key


def user_obj(user: Any) -> Optional[model.User]:
    """A ``model.User`` from a user object, name or id (None for anonymous)."""
    if isinstance(user, model.User):
        return user
    return model.User.get(user) if lookup_key(user) else None


def user_from_context(context: Any) -> Optional[model.User]:
    """The signed-in user of a context, or None.

    ``auth_user_obj`` is ``""`` or an anonymous user object for anonymous
    requests (CKAN's views), so only a real ``model.User`` counts.
    """
    found = context.get("auth_user_obj")
    if isinstance(found, model.User):
        return found
    return user_obj(context.get("user"))


def acting_user(context: Any) -> model.User:
    """The signed-in user of a write; refused when there is none."""
    user = user_from_context(context)
    if user is None:
        # Only reachable with ignore_auth and no user: there is nobody to record.
        raise tk.NotAuthorized(tk._("You must be signed in"))
    return user


def view_context() -> dict[str, Any]:
    """An action context for the current web request's user."""
    user = tk.current_user
    if user and user.is_authenticated:
        return {"user": user.name, "auth_user_obj": user}
    return {"user": "", "auth_user_obj": None}
