"""Validators registered with CKAN (``thainguyen_`` prefix).

The dates and access-request checks are here; the rules of catalogue
entries, contest records and science projects live with their feature
(``*_validation.py``) and are registered under their public names below.
"""
from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.navl.dictization_functions import missing

from ckanext.thainguyen import catalogue_validation, contest_validation, science_validation
from ckanext.thainguyen.model.access import utcnow

__all__ = [
    "thainguyen_iso_date",
    "thainguyen_iso_datetime",
    "thainguyen_in_the_future",
    "thainguyen_access_period_end",
    "thainguyen_special_package",
    "thainguyen_catalogue_code",
    "thainguyen_shared_with",
    "thainguyen_sharing_mode",
    "thainguyen_temporal_coverage_end",
    "thainguyen_phone",
    "thainguyen_contest_edition_name",
    "thainguyen_contest_category",
    "thainguyen_contest_phone",
    "thainguyen_contest_slug",
    "thainguyen_contest_score",
    "thainguyen_contest_prize_level",
    "thainguyen_science_amount",
    "thainguyen_science_year",
    "thainguyen_science_project_code",
    "thainguyen_science_project_code_unique",
    "thainguyen_science_phone",
    "thainguyen_science_project_consistency",
]


def thainguyen_iso_date(value: Any) -> Any:
    """``YYYY-MM-DD`` (or a date) -> ``datetime.date``."""
    if value is missing or value is None or value == "":
        return value
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise tk.Invalid(tk._("Enter a date in the form YYYY-MM-DD"))


def thainguyen_iso_datetime(value: Any) -> Any:
    """An ISO date or date-time -> naive UTC ``datetime``.

    A bare date means "until the end of that day", which is what an admin
    typing an expiry date expects.
    """
    if value is missing or value is None or value == "":
        return value
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, datetime.date):
        parsed = datetime.datetime.combine(value, datetime.time.max)
    else:
        text = str(value).strip()
        try:
            if len(text) == 10:
                parsed = datetime.datetime.combine(datetime.date.fromisoformat(text), datetime.time.max)
            else:
                parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise tk.Invalid(tk._("Enter a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return parsed


def thainguyen_in_the_future(value: Any) -> Any:
    if isinstance(value, datetime.datetime) and value <= utcnow():
        raise tk.Invalid(tk._("The expiry must be in the future"))
    return value


def thainguyen_access_period_end(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """The requested period must not end before it starts."""
    # navl validates keys in name order: period_start may not be parsed yet.
    try:
        start = thainguyen_iso_date(data.get(("period_start",)))
    except tk.Invalid:
        return
    end = data.get(key)
    if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
        errors[key].append(tk._("The period cannot end before it starts"))


def thainguyen_special_package(value: Any, context: Any) -> Any:
    """An active catalogue entry shared in special mode, by id or name -> its id."""
    pkg = model.Package.get(value) if isinstance(value, str) and value else None
    if pkg is None or pkg.state != "active":
        raise tk.Invalid(tk._("Catalogue entry not found"))
    if (pkg.extras or {}).get("sharing_mode") != "special":
        raise tk.Invalid(tk._("Access can only be requested for entries shared in special mode"))
    return pkg.id


# Catalogue entries (sharing modes and their rules).
thainguyen_catalogue_code = catalogue_validation.catalogue_code
thainguyen_shared_with = catalogue_validation.shared_with
thainguyen_sharing_mode = catalogue_validation.sharing_mode
thainguyen_temporal_coverage_end = catalogue_validation.temporal_coverage_end
thainguyen_phone = catalogue_validation.phone

# Innovation contest.
thainguyen_contest_edition_name = contest_validation.edition_name
thainguyen_contest_category = contest_validation.category
thainguyen_contest_phone = contest_validation.phone
thainguyen_contest_slug = contest_validation.slug
thainguyen_contest_score = contest_validation.score
thainguyen_contest_prize_level = contest_validation.prize_level

# Science projects.
thainguyen_science_amount = science_validation.amount
thainguyen_science_year = science_validation.year
thainguyen_science_project_code = science_validation.project_code
thainguyen_science_project_code_unique = science_validation.project_code_unique
thainguyen_science_phone = science_validation.phone
thainguyen_science_project_consistency = science_validation.consistency
