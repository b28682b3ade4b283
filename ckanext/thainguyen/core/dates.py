"""Dates and times: one clock, one parser.

Moments are stored as naive UTC ``datetime``; a bare date typed by a person
means the start of that day for an opening and its end for a closing or an
expiry.
"""
from __future__ import annotations

import datetime
from typing import Any, Optional

# Years a person may type. Python's datetime ends at 9999-12-31, and CKAN
# renders moments in the site's time zone (Asia/Ho_Chi_Minh, UTC+7): a
# moment in year 9999 stored once made every page showing it fail.
FIRST_YEAR, LAST_YEAR = 1000, 9998


def _in_range(value: Any) -> Any:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(value)
    return value


def utcnow() -> datetime.datetime:
    """Now, as the naive UTC datetime the extension's tables store."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def parse_date(value: Any) -> datetime.date:
    """``YYYY-MM-DD`` (or a date/datetime) -> ``date``; ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    return _in_range(datetime.date.fromisoformat(value.strip()))


def parse_moment(value: Any, end_of_day: bool) -> datetime.datetime:
    """An ISO date or date-time -> naive UTC ``datetime``; ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, datetime.date):
        parsed = datetime.datetime.combine(
            value, datetime.time.max if end_of_day else datetime.time.min)
    elif isinstance(value, str):
        text = value.strip()
        if len(text) == 10:
            return parse_moment(datetime.date.fromisoformat(text), end_of_day)
        parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    else:
        raise ValueError(value)
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        except OverflowError:
            # An offset pushing year 1 or 9999 out of range.
            raise ValueError(value)
    return _in_range(parsed)


def as_date(value: Any) -> Optional[datetime.date]:
    """The date at the start of ``value`` if it has one, else None (cross-field checks)."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return parse_date(value)
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
