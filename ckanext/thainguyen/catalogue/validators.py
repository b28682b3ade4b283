"""Validators of catalogue entries: their code, sharing mode and its rules
(registered with CKAN, ``thainguyen_`` prefix)."""
from __future__ import annotations

import json
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen.catalogue.rules import (
    DEFAULT,
    OPEN,
    SHARED_WITH_ALL,
    SPECIAL,
    derive_private,
    parse_list,
)
from ckanext.thainguyen.core.classification import stored_package
from ckanext.thainguyen.core.compat import join_extra
from ckanext.thainguyen.core.dates import as_date
from ckanext.thainguyen.core.storable import blank
from ckanext.thainguyen.core.validators import web_link_refusal

CODE_PATTERN = re.compile(r"^[A-Z]{2,}(?:-[A-Z0-9]+)*-[0-9]{3,}$")

__all__ = [
    "thainguyen_catalogue_code",
    "thainguyen_shared_with",
    "thainguyen_sharing_mode",
    "thainguyen_temporal_coverage_end",
]


def thainguyen_catalogue_code(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    value = data.get(key)
    if blank(value) or errors[key]:
        return
    code = str(value).strip().upper()
    if not CODE_PATTERN.match(code):
        errors[key].append(tk._(
            "Catalogue code must look like TN-CSDL-001: capital letters and "
            "digits in groups joined by hyphens, ending with a number of at least 3 digits"))
        return
    taken_by = _entry_with_code(code, getattr(stored_package(data, context), "id", None))
    if taken_by is not None:
        errors[key].append(tk._("Catalogue code {code} is already used by entry {name}").format(
            code=code, name=taken_by))
        return
    data[key] = code


def _entry_with_code(code: str, current_id: Any) -> Any:
    """Name of another live entry holding ``code``, if any.

    Asked of the database, never the search index, which may lag behind.
    """
    query = model.Session.query(model.Package.name).filter(model.Package.state != "deleted")
    query, value = join_extra(query, "catalogue_code")
    query = query.filter(value == code)
    if current_id:
        query = query.filter(model.Package.id != current_id)
    row = query.first()
    return row[0] if row else None


def _organisation(ref: str) -> Any:
    group = model.Group.get(ref)
    if group is None or not group.is_organization or group.state != "active":
        return None
    return group


def thainguyen_shared_with(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """Organisation names or ids (or ``all``), stored as a JSON list of ids."""
    values = parse_list(data.get(key))
    if SHARED_WITH_ALL in values:
        data[key] = json.dumps([SHARED_WITH_ALL])
        return
    ids: list[str] = []
    for ref in values:
        org = _organisation(ref)
        if org is None:
            errors[key].append(tk._("No organisation is called {name}").format(name=ref))
        elif org.id not in ids:
            ids.append(org.id)
    data[key] = json.dumps(ids)


def license_is_open(license_id: Any) -> bool:
    if blank(license_id):
        return False
    license = model.Package.get_license_register().get(str(license_id))
    if license is None:
        return False
    return bool(license.isopen() or getattr(license, "is_okd_compliant", False) is True)


def thainguyen_sharing_mode(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """Derive ``private`` from the mode and check the mode's own rules.

    navl validates keys in name order, so every field read here has already
    gone through its own validators.
    """
    mode = data.get(key)
    if errors[key] or blank(mode):
        return
    # Never set by hand: several core actions filter on this flag only.
    data[("private",)] = derive_private(mode)

    def need(field: str, message: str) -> None:
        if blank(data.get((field,))) and not errors.get((field,)):
            errors.setdefault((field,), []).append(message)

    if mode == OPEN:
        if not errors.get(("license_id",)) and not license_is_open(data.get(("license_id",))):
            errors.setdefault(("license_id",), []).append(tk._(
                "Open data needs an open licence (one approved by the Open Definition "
                "or the Open Source Definition)"))
    elif mode == DEFAULT:
        need("shared_with", tk._(
            "Choose the agencies this entry is shared with, or all state agencies"))
    elif mode == SPECIAL:
        need("access_conditions", tk._(
            "Describe who may ask for access to this entry and for what purpose"))
        need("approving_authority", tk._("Name the authority that approves access requests"))
    _stored_links_follow_the_rule(data, errors, context)


def _stored_links_follow_the_rule(data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """A dataset classified by a write that leaves its resources out of
    validation (CKAN 2.12's package_patch keeps them as stored) still brings
    the web-link rule to the links it made while unclassified."""
    if any(len(k) == 3 and k[0] == "resources" for k in data if isinstance(k, tuple)):
        return  # validated with the dataset, by the resource schema
    package = stored_package(data, context)
    if package is None:
        return
    for resource in package.resources:
        refusal = web_link_refusal(resource.url, resource.url_type)
        if refusal:
            errors.setdefault(("resources",), []).append(
                tk._("Resource {name}: {message}").format(name=resource.name or resource.id,
                                                          message=refusal))


def thainguyen_temporal_coverage_end(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    end = as_date(data.get(key))
    start = as_date(data.get(("temporal_coverage_start",)))
    if end and start and end < start:
        errors[key].append(tk._("The end of the temporal coverage is before its start"))
