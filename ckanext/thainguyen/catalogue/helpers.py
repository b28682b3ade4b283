"""Template helpers of catalogue entries and their sharing modes."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen.catalogue.rules import DEFAULT, OPEN, SHARED_WITH_ALL, SPECIAL
from ckanext.thainguyen.core.text import option

__all__ = [
    "thainguyen_hide_restricted_metadata",
    "thainguyen_shared_with_choices",
    "thainguyen_sharing_mode_label",
    "thainguyen_data_access",
]


def thainguyen_hide_restricted_metadata() -> bool:
    return tk.config.get("ckanext.thainguyen.hide_restricted_metadata")


def thainguyen_shared_with_choices(field: dict) -> list:
    """Choices of the ``shared_with`` field: every agency, or all of them."""
    orgs = (
        model.Session.query(model.Group.id, model.Group.title, model.Group.name)
        .filter(model.Group.is_organization.is_(True), model.Group.state == "active")
        .order_by(model.Group.title)
        .all()
    )
    choices = [option(SHARED_WITH_ALL, tk._("All state agencies"))]
    choices.extend(option(org_id, title or name) for org_id, title, name in orgs)
    return choices


def thainguyen_sharing_mode_label(mode: str) -> str:
    """Short label of a sharing mode, for badges."""
    labels = {
        OPEN: tk._("Open data"),
        DEFAULT: tk._("Shared (default mode)"),
        SPECIAL: tk._("Shared (special mode)"),
    }
    return labels.get(mode or "", tk._("Unclassified"))


def thainguyen_data_access(pkg_or_res: dict) -> dict:
    """What the sharing rules decided for the current user (``{"data": bool, ...}``)."""
    return (pkg_or_res or {}).get("thainguyen_access") or {"data": True}
