"""Validation shared by every feature: one way to validate, parse dates and check phones.

Registered with CKAN (``__all__``, ``thainguyen_`` prefix) by the
``thainguyen`` plugin; the helpers below them build the features' schemas.
"""
from __future__ import annotations

import datetime
import re
import urllib.parse
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing

from ckanext.thainguyen.core import dates

__all__ = [
    "thainguyen_iso_date",
    "thainguyen_iso_datetime",
    "thainguyen_in_the_future",
    "thainguyen_phone",
    "thainguyen_resource_url",
]

# Digits, spaces and + . - ( ); starts and ends with a digit (0208 3855 123,
# +84 912 345 678).
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 .()\-]{6,18}[0-9]$")


def blank(value: Any) -> bool:
    """Nothing given: missing, None, whitespace, or an empty list."""
    return value is missing or value is None or (isinstance(value, str) and not value.strip()) \
        or value == [] or value == "[]"


def thainguyen_iso_date(value: Any) -> Any:
    """``YYYY-MM-DD`` (or a date) -> ``datetime.date``."""
    if blank(value):
        return value
    try:
        return dates.parse_date(value)
    except ValueError:
        raise tk.Invalid(tk._("Enter a date in the form YYYY-MM-DD"))


def moment(end_of_day: bool) -> Any:
    """Validator: ISO date or date-time -> naive UTC datetime (see ``dates``)."""
    def convert(value: Any) -> Any:
        if blank(value):
            return value
        try:
            return dates.parse_moment(value, end_of_day)
        except ValueError:
            raise tk.Invalid(tk._("Enter a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)"))
    return convert


# A bare date means "until the end of that day", which is what an admin
# typing an expiry date expects.
thainguyen_iso_datetime = moment(end_of_day=True)


def thainguyen_in_the_future(value: Any) -> Any:
    if isinstance(value, datetime.datetime) and value <= dates.utcnow():
        raise tk.Invalid(tk._("The expiry must be in the future"))
    return value


def thainguyen_phone(value: Any) -> Any:
    if blank(value):
        return value
    if not PHONE_PATTERN.match(str(value).strip()):
        raise tk.Invalid(tk._("Enter a phone number of digits, e.g. 0208 3855 123"))
    return str(value).strip()


WEB_SCHEMES = ("http", "https")


def thainguyen_resource_url(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """A resource's URL: a web link (http or https), or the file name of an upload."""
    value = data.get(key)
    if blank(value):
        return
    if data.get(key[:-1] + ("url_type",)) == "upload":
        return
    try:
        parsed = urllib.parse.urlsplit(value) if isinstance(value, str) else None
    except ValueError:  # e.g. an unbalanced "[" (an IPv6 host)
        parsed = None
    if parsed is None or parsed.scheme.lower() not in WEB_SCHEMES or not parsed.netloc:
        errors[key].append(tk._("Give a web link starting with http:// or https://, or upload a file"))


def validators(*names: str) -> list[Any]:
    """CKAN's registered validators by name, for a schema."""
    return [tk.get_validator(name) for name in names]


def required_text() -> list[Any]:
    # not_empty twice: once for a missing value, once for whitespace only.
    return validators("not_empty", "unicode_safe", "strip_value", "not_empty")


def optional_text() -> list[Any]:
    return validators("ignore_missing", "unicode_safe", "strip_value")


def validate_or_raise(data_dict: dict[str, Any], schema: dict[str, Any], context: Any) -> dict[str, Any]:
    """``data_dict`` validated against ``schema``; ValidationError on any error."""
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data
