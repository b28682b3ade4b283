"""Catalogue entries as CKAN shows and indexes them: the sharing mode applied to every copy.

Metadata of an entry is public unless ``hide_restricted_metadata`` is on;
its DATA follows the mode (see ``rules``). Those who may not use the data
still get the dataset and resource dicts, but without any URL and with
``thainguyen_access`` saying why and where to ask.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan import authz, model

from ckanext.thainguyen.catalogue.rules import (
    CATALOGUE_TYPE,
    MODES,
    RESTRICTED_MODES,
    Viewer,
    denial_reason,
    metadata_labels,
    mode_of,
)
from ckanext.thainguyen.core.records import RecordType

# Search result fields (asked for with ``fl``) that carry resource URLs or
# whole dataset dicts.
_DATA_BEARING_SOLR_FIELDS = ("res_url", "urls", "validated_data_dict", "data_dict")

# Facetable copies of the mode and sector (CKAN's Solr schema: dynamic ``*`` string field).
SECTOR_FACET = "sector"
MODE_FACET = "sharing_mode"


# ------------------------------------------------------------ redaction

def request_access_url(package: Any, reason: str) -> Optional[str]:
    if reason == "special-needs-grant":
        return f"/dataset/{package.name}/request-access"
    if reason == "default-needs-login":
        return "/user/login"
    return None


def access_info(package: Any, viewer: Viewer) -> dict[str, Any]:
    if viewer.may_use_data(package):
        return {"data": True}
    reason = denial_reason(package, viewer)
    return {"data": False, "reason": reason, "request_url": request_access_url(package, reason)}


def redact_resource(resource: dict[str, Any], access: dict[str, Any]) -> None:
    """Keep name, format and description; drop every way to the data."""
    resource["url"] = ""
    for key in ("cache_url", "original_url"):
        resource.pop(key, None)
    resource["thainguyen_access"] = access


def redact_package_dict(pkg_dict: dict[str, Any], access: dict[str, Any]) -> None:
    for resource in pkg_dict.get("resources") or []:
        if isinstance(resource, dict):
            redact_resource(resource, access)
    pkg_dict["thainguyen_access"] = access


class IndexedEntry:
    """What the sharing rules read of an entry, taken from its validated dict.

    Search results are the validated dicts CKAN indexed at the last write,
    and package_show's dict is the same (or freshly validated): they carry
    everything the rules need. Reading them instead of the database keeps a
    page of results free of per-result queries, and package_show free of
    loading the entry's extras.
    """

    def __init__(self, result: dict[str, Any]):
        self.id = result.get("id")
        self.name = result.get("name")
        self.type = result.get("type") or CATALOGUE_TYPE
        self.state = result.get("state") or "active"
        self.owner_org = result.get("owner_org")
        self.private = bool(result.get("private"))
        self.creator_user_id = result.get("creator_user_id")
        self.extras = {"sharing_mode": result.get("sharing_mode"),
                       "shared_with": result.get("shared_with")}


def apply_access(context: Any, pkg_dict: dict[str, Any],
                 package: Optional[Any] = None) -> bool:
    """Redact ``pkg_dict`` for the asking user; True if they get the data.

    ``package`` is the entry's ``model.Package`` or an ``IndexedEntry``;
    looked up by the dict's id when not given.
    """
    viewer = Viewer.from_context(context)
    if viewer.trusted:
        return True
    package = package or model.Package.get(pkg_dict.get("id") or pkg_dict.get("name"))
    if package is None:
        # Unknown to the database (stale index): show nothing of its data.
        redact_package_dict(pkg_dict, {"data": False, "reason": "unknown"})
        return False
    access = access_info(package, viewer)
    if access["data"]:
        pkg_dict["thainguyen_access"] = access
        for resource in pkg_dict.get("resources") or []:
            if isinstance(resource, dict):
                resource["thainguyen_access"] = access
    else:
        redact_package_dict(pkg_dict, access)
    if mode_of(package) is None and _may_edit(viewer, package):
        pkg_dict["thainguyen_unclassified"] = True
    return access["data"]


def _may_edit(viewer: Viewer, package: Any) -> bool:
    if viewer.user is None:
        return False
    context = {"user": viewer.user.name, "auth_user_obj": viewer.user, "model": model}
    try:
        return bool(authz.is_authorized("package_update", context, {"id": package.id})["success"])
    except tk.ObjectNotFound:
        # A search result whose dataset is gone from the database (the index
        # lags behind a purge): nobody edits it.
        return False


def after_show(context: Any, pkg_dict: dict[str, Any]) -> None:
    # Under the catalogue schema the mode is a field of the dict; under
    # CKAN's default one it is still an extra, read from the database.
    shown = IndexedEntry(pkg_dict) if "sharing_mode" in pkg_dict and pkg_dict.get("id") else None
    apply_access(context, pkg_dict, shown)


def after_search_result(context: Any, result: dict[str, Any]) -> None:
    if isinstance(result.get("resources"), list):
        apply_access(context, result, IndexedEntry(result))
        return
    # A result limited to some fields (``fl``): drop data-bearing ones.
    viewer = Viewer.from_context(context)
    package = model.Package.get(result["id"]) if result.get("id") else None
    if package is not None and viewer.may_use_data(package):
        return
    for key in list(result):
        if key in _DATA_BEARING_SOLR_FIELDS or key.startswith("res_"):
            del result[key]


def before_index(pkg_dict: dict[str, Any]) -> None:
    mode = pkg_dict.get("sharing_mode")
    # Facetable plain strings (CKAN's Solr schema: dynamic ``*`` string field).
    if mode in MODES:
        pkg_dict[MODE_FACET] = mode
    if pkg_dict.get("sector"):
        pkg_dict[SECTOR_FACET] = str(pkg_dict["sector"])
    if mode in RESTRICTED_MODES:
        # Indexed URLs could be guessed letter by letter with queries such as
        # ``res_url:*secret*``; restricted entries are not searchable by URL.
        for key in ("res_url", "urls"):
            pkg_dict.pop(key, None)


record_type = RecordType(
    dataset_type=CATALOGUE_TYPE,
    dataset_labels=metadata_labels,
    after_show=after_show,
    after_search_result=after_search_result,
    before_index=before_index,
)
