"""Template helpers of catalogue entries and their sharing modes."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen.catalogue.hooks import MODE_FACET
from ckanext.thainguyen.catalogue.rules import CATALOGUE_TYPE, DEFAULT, OPEN, SHARED_WITH_ALL, SPECIAL
from ckanext.thainguyen.core.text import option
from ckanext.thainguyen.core.users import view_context

__all__ = [
    "thainguyen_hide_restricted_metadata",
    "thainguyen_shared_with_choices",
    "thainguyen_sharing_mode_label",
    "thainguyen_data_access",
    "thainguyen_featured_organizations",
    "thainguyen_featured_groups",
    "thainguyen_catalogue_figures",
    "thainguyen_latest_open_data",
    "thainguyen_home_authority",
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


def _featured(configured: list[str], show_action: str, list_action: str,
              search: tuple[str, str], count: int) -> list[dict[str, Any]]:
    """CKAN's featured blocks (``h.featured_group_org``) without its
    ``ignore_auth``: the datasets of each block come from the visitor's own
    package_search, whose permission labels leave out whatever the visitor
    may not see (private contest entries, drafts, hidden special entries)."""
    featured: list[dict[str, Any]] = []
    seen: set[str] = set()
    for name in list(configured or []) + tk.get_action(list_action)(view_context(), {}):
        if len(featured) >= count:
            break
        try:
            group = tk.get_action(show_action)(dict(view_context(), for_view=True), {
                "id": name, "include_datasets": False, "include_dataset_count": False,
                "include_users": False, "include_groups": False, "include_tags": False,
                "include_followers": False,
            })
        except (tk.ObjectNotFound, tk.NotAuthorized):
            continue
        if group["id"] in seen:
            continue
        seen.add(group["id"])
        group["packages"] = tk.get_action("package_search")(view_context(), {
            # ``search``: (Solr field, key of the group whose value it holds)
            "fq": f'{search[0]}:"{group[search[1]]}"',
            "rows": 2, "include_private": True,
        })["results"]
        featured.append(group)
    return featured


def thainguyen_featured_organizations(count: int = 1) -> list[dict[str, Any]]:
    """``h.get_featured_organizations`` as the current user may see it."""
    return _featured(tk.config.get("ckan.featured_orgs"), "organization_show", "organization_list",
                     ("owner_org", "id"), count)


def thainguyen_featured_groups(count: int = 1) -> list[dict[str, Any]]:
    """``h.get_featured_groups`` as the current user may see it."""
    return _featured(tk.config.get("ckan.featured_groups"), "group_show", "group_list",
                     ("groups", "name"), count)


# ------------------------------------------------------------ the home page

def thainguyen_catalogue_figures() -> dict[str, Any]:
    """The catalogue's figures as the current user may see them
    (``thainguyen_catalogue_summary`` without its list)."""
    figures = tk.get_action("thainguyen_catalogue_summary")(view_context(), {"limit": 0})
    figures["modes"] = {row["sharing_mode"]: row for row in figures["by_mode"]}
    return figures


def thainguyen_latest_open_data(count: int = 5) -> list[dict[str, Any]]:
    """The open entries last updated, newest first, as the current user finds them."""
    return tk.get_action("package_search")(view_context(), {
        "fq_list": [f"+dataset_type:{CATALOGUE_TYPE}", f"+{MODE_FACET}:{OPEN}"],
        "sort": "metadata_modified desc", "rows": count,
    })["results"]


def thainguyen_home_authority() -> str:
    """The authority publishing the portal (``ckanext.thainguyen.home.authority``)."""
    return tk.config.get("ckanext.thainguyen.home.authority") or ""
