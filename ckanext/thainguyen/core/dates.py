"""Dates and times: one clock, one parser, one way to show them.

How a moment is kept, so that it always names one instant:

- **Stored**: the extension's tables hold naive UTC ``datetime`` in
  ``timestamp without time zone`` columns, as CKAN core does
  (``package.metadata_modified``). Every value is written by ``utcnow`` or
  ``parse_moment``/``parse_local``, which convert any offset to UTC first, so
  a stored value is never local time. (The sample contest's bare dates were
  read as UTC days when loaded and still are: the same instants.)
- **API**: actions return ``utc_iso`` (``2026-07-31T16:59:00Z``, the offset
  spelled out); they accept ISO 8601 with an offset, and read one without an
  offset as UTC.
- **People**: forms are typed, and pages show, in ``ckan.display_timezone``
  (``local_text``, ``parse_local``): ``31/07/2026 23:59`` in
  Asia/Ho_Chi_Minh is stored as 16:59 UTC and shown as ``31/07/2026 23:59``.

A bare date typed by a person means the start of that day for an opening and
its end for a closing or an expiry.
"""
from __future__ import annotations

import datetime
import re
import zoneinfo
from typing import Any, Optional

import ckan.plugins.toolkit as tk

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


def display_timezone() -> datetime.tzinfo:
    """``ckan.display_timezone`` (``server``: the machine's own zone)."""
    name = tk.config.get("ckan.display_timezone") or "UTC"
    if name == "server":
        import tzlocal  # a CKAN requirement, only needed for this setting
        return tzlocal.get_localzone()
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.timezone.utc


def utc_iso(value: Optional[datetime.datetime]) -> Optional[str]:
    """A stored (naive UTC) moment as ISO 8601 with its ``Z``, for the API."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value.isoformat() + "Z"


def to_local(value: Any) -> Optional[datetime.datetime]:
    """A stored moment (naive UTC ``datetime`` or an API string) as an aware
    datetime in the display time zone; None for nothing or garbage."""
    if value in (None, ""):
        return None
    try:
        moment = parse_moment(value, end_of_day=False)
        return moment.replace(tzinfo=datetime.timezone.utc).astimezone(display_timezone())
    except (ValueError, OverflowError):  # OverflowError: 9999-12-31 east of UTC
        return None


def local_text(value: Any, closing: Optional[bool] = None) -> str:
    """A stored moment as people read and type it: ``31/07/2026 23:59`` in
    the display time zone. With ``closing`` given (a form's value), a moment
    at the start (opening) or end (closing) of a local day is the bare date,
    as ``parse_local`` reads it back."""
    local = to_local(value)
    if local is None:
        return "" if value in (None, "") else str(value)
    if closing is not None:
        edge = datetime.time.max if closing else datetime.time.min
        if local.time().replace(tzinfo=None) == edge:
            return local.strftime("%d/%m/%Y")
    return local.strftime("%d/%m/%Y %H:%M" if local.second == 0 or closing is None
                          else "%d/%m/%Y %H:%M:%S")


# 31/07/2026, 31/7/2026 23:59, 31-07-2026 23:59:30 (day first, as in Vietnam).
_LOCAL = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
                    r"(?:[ T,]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$")


def parse_local(value: Any, end_of_day: bool) -> datetime.datetime:
    """What a person typed in a form -> naive UTC ``datetime``; ValueError otherwise.

    ``DD/MM/YYYY [HH:MM[:SS]]`` or ISO 8601, in the display time zone unless it
    carries its own offset; a bare date is the start or end of that local day.
    """
    if not isinstance(value, str):
        raise ValueError(value)
    text = value.strip()
    match = _LOCAL.match(text)
    if match:
        day, month, year, hour, minute, second = match.groups()
        date = datetime.date(int(year), int(month), int(day))
        if hour is None:
            local = datetime.datetime.combine(
                date, datetime.time.max if end_of_day else datetime.time.min)
        else:
            local = datetime.datetime.combine(
                date, datetime.time(int(hour), int(minute), int(second or 0)))
    else:
        if len(text) == 10:
            local = parse_moment(datetime.date.fromisoformat(text), end_of_day)
        else:
            local = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
            if local.tzinfo is not None:
                return parse_moment(local, end_of_day)
    return parse_moment(local.replace(tzinfo=display_timezone()), end_of_day)


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
