"""Validators registered with CKAN (``thainguyen_`` prefix)."""
from __future__ import annotations


# ---------------------------------------------------------------- access requests (h3b)
import datetime as _dt  # noqa: E402
from typing import Any as _Any  # noqa: E402

import ckan.plugins.toolkit as _tk  # noqa: E402
from ckan import model as _model  # noqa: E402
from ckan.lib.navl.dictization_functions import missing as _missing  # noqa: E402


def thainguyen_iso_date(value: _Any) -> _Any:
    """``YYYY-MM-DD`` (or a date) -> ``datetime.date``."""
    if value is _missing or value is None or value == "":
        return value
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise _tk.Invalid(_tk._("Enter a date in the form YYYY-MM-DD"))


def thainguyen_iso_datetime(value: _Any) -> _Any:
    """An ISO date or date-time -> naive UTC ``datetime``.

    A bare date means "until the end of that day", which is what an admin
    typing an expiry date expects.
    """
    if value is _missing or value is None or value == "":
        return value
    if isinstance(value, _dt.datetime):
        parsed = value
    elif isinstance(value, _dt.date):
        parsed = _dt.datetime.combine(value, _dt.time.max)
    else:
        text = str(value).strip()
        try:
            if len(text) == 10:
                parsed = _dt.datetime.combine(_dt.date.fromisoformat(text), _dt.time.max)
            else:
                parsed = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise _tk.Invalid(_tk._("Enter a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return parsed


def thainguyen_in_the_future(value: _Any) -> _Any:
    from ckanext.thainguyen.model.access import utcnow

    if isinstance(value, _dt.datetime) and value <= utcnow():
        raise _tk.Invalid(_tk._("The expiry must be in the future"))
    return value


def thainguyen_access_period_end(key: _Any, data: dict[_Any, _Any], errors: dict[_Any, _Any], context: _Any) -> None:
    """The requested period must not end before it starts."""
    # navl validates keys in name order: period_start may not be parsed yet.
    try:
        start = thainguyen_iso_date(data.get(("period_start",)))
    except _tk.Invalid:
        return
    end = data.get(key)
    if isinstance(start, _dt.date) and isinstance(end, _dt.date) and end < start:
        errors[key].append(_tk._("The period cannot end before it starts"))


def thainguyen_special_package(value: _Any, context: _Any) -> _Any:
    """An active catalogue entry shared in special mode, by id or name -> its id."""
    pkg = _model.Package.get(value) if isinstance(value, str) and value else None
    if pkg is None or pkg.state != "active":
        raise _tk.Invalid(_tk._("Catalogue entry not found"))
    if (pkg.extras or {}).get("sharing_mode") != "special":
        raise _tk.Invalid(_tk._("Access can only be requested for entries shared in special mode"))
    return pkg.id


# --- science projects (rules in ckanext/thainguyen/science_validation.py) ---

def thainguyen_science_amount(value):
    """A whole, non-negative VND amount: 54.000.000.000, 54000000000, 54 tỷ."""
    from ckanext.thainguyen import science_validation
    return science_validation.amount(value)


def thainguyen_science_year(value):
    from ckanext.thainguyen import science_validation
    return science_validation.year(value)


def thainguyen_science_project_code(value):
    from ckanext.thainguyen import science_validation
    return science_validation.project_code(value)


def thainguyen_science_project_code_unique(key, data, errors, context):
    from ckanext.thainguyen import science_validation
    science_validation.project_code_unique(key, data, errors, context)


def thainguyen_science_phone(value):
    from ckanext.thainguyen import science_validation
    return science_validation.phone(value)


def thainguyen_science_project_consistency(key, data, errors, context):
    from ckanext.thainguyen import science_validation
    science_validation.consistency(key, data, errors, context)


# ---------------------------------------------------------------- catalogue (h3a)
def thainguyen_catalogue_code(key, data, errors, context):
    from ckanext.thainguyen import catalogue_validation
    catalogue_validation.catalogue_code(key, data, errors, context)


def thainguyen_shared_with(key, data, errors, context):
    from ckanext.thainguyen import catalogue_validation
    catalogue_validation.shared_with(key, data, errors, context)


def thainguyen_sharing_mode(key, data, errors, context):
    from ckanext.thainguyen import catalogue_validation
    catalogue_validation.sharing_mode(key, data, errors, context)


def thainguyen_temporal_coverage_end(key, data, errors, context):
    from ckanext.thainguyen import catalogue_validation
    catalogue_validation.temporal_coverage_end(key, data, errors, context)


def thainguyen_phone(value):
    from ckanext.thainguyen import catalogue_validation
    return catalogue_validation.phone(value)


# ---------------------------------------------------------------- innovation contest (h4)
# Rules in ckanext/thainguyen/contest_validation.py.
def thainguyen_contest_edition_name(value):
    from ckanext.thainguyen import contest_validation
    return contest_validation.edition_name(value)


def thainguyen_contest_category(key, data, errors, context):
    from ckanext.thainguyen import contest_validation
    contest_validation.category(key, data, errors, context)


def thainguyen_contest_phone(value):
    from ckanext.thainguyen import contest_validation
    return contest_validation.phone(value)


def thainguyen_contest_slug(value):
    from ckanext.thainguyen import contest_validation
    return contest_validation.slug(value)


def thainguyen_contest_score(value):
    from ckanext.thainguyen import contest_validation
    return contest_validation.score(value)


def thainguyen_contest_prize_level(value):
    from ckanext.thainguyen import contest_validation
    return contest_validation.prize_level(value)
