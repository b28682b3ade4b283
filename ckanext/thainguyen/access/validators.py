"""Validators of access requests (registered with CKAN, ``thainguyen_`` prefix)."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen.catalogue.rules import SPECIAL, mode_of
from ckanext.thainguyen.core.dates import as_date
from ckanext.thainguyen.core.storable import lookup_key

__all__ = ["thainguyen_access_period_end", "thainguyen_special_package"]


def thainguyen_access_period_end(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """The requested period must not end before it starts."""
    # navl validates keys in name order: period_start may not be parsed yet.
    start = as_date(data.get(("period_start",)))
    end = data.get(key)
    if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
        errors[key].append(tk._("The period cannot end before it starts"))


def thainguyen_special_package(value: Any, context: Any) -> Any:
    """An active catalogue entry shared in special mode, by id or name -> its id."""
    pkg = model.Package.get(value) if lookup_key(value) else None
    if pkg is None or pkg.state != "active":
        raise tk.Invalid(tk._("Catalogue entry not found"))
    if mode_of(pkg) != SPECIAL:
        raise tk.Invalid(tk._("Access can only be requested for entries shared in special mode"))
    return pkg.id
