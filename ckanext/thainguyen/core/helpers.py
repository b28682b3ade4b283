"""Template helpers every feature's pages use: moments and days as people in
Vietnam read them (CKAN's ``render_datetime`` writes ``tháng 12 31, 2026`` in
US order, with a week-based year), decimals in the reader's language, and
the error pages' words."""
from __future__ import annotations

import datetime
from typing import Any

from babel.numbers import format_decimal
from werkzeug.exceptions import default_exceptions

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.core import dates
from ckanext.thainguyen.core.text import group_thousands

__all__ = ["thainguyen_moment", "thainguyen_day", "thainguyen_decimal", "thainguyen_error",
           "thainguyen_count", "render_datetime"]


def thainguyen_moment(value: Any) -> str:
    """A stored moment as ``31/07/2026 23:59``, in ``ckan.display_timezone``."""
    return dates.local_text(value)


def thainguyen_day(value: Any) -> str:
    """A day as ``31/07/2026``: a date as it is, a moment on its local day."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    local = dates.to_local(value)
    return local.strftime("%d/%m/%Y") if local is not None else ("" if value in (None, "") else str(value))


@tk.chained_helper
def render_datetime(next_helper: Any, datetime_: Any, date_format: Any = None,
                    with_hours: bool = False, with_seconds: bool = False) -> str:
    """CKAN's own pages (a resource's "Data last updated", an account's
    "Member since") the same way: day first, in ``ckan.display_timezone``.
    A template that asks for a format of its own still gets it."""
    if date_format or with_seconds:
        return next_helper(datetime_, date_format, with_hours, with_seconds)
    return thainguyen_moment(datetime_) if with_hours else thainguyen_day(datetime_)


def thainguyen_decimal(value: Any, places: int = 2) -> str:
    """``8.85`` as ``8,85`` under ``vi`` (``8.85`` under ``en``), thousands
    grouped as the language does (``1.234,50``)."""
    if value in (None, ""):
        return ""
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return format_decimal(value, format=pattern, locale=tk.h.lang() or "vi")


def thainguyen_error(code: Any, content: Any) -> dict[str, str]:
    """The heading and text of an error page in the reader's language.

    CKAN shows werkzeug's English name of the status ("Not Found") and, for
    an error without a message of CKAN's own, werkzeug's English description
    (for an unexpected exception, the words "Internal server error"); those
    become the portal's own words. A message a view gave is kept.
    """
    code = code[0] if isinstance(code, (list, tuple)) and code else code
    try:
        code = int(code)
    except (TypeError, ValueError):
        code = 500
    titles = {
        400: tk._("The request is not valid"),
        403: tk._("You may not open this page"),
        404: tk._("Page not found"),
        405: tk._("The request is not valid"),
        500: tk._("The portal has met an error"),
    }
    texts = {
        400: tk._("The address or the form sent is not valid. Go back and try again."),
        403: tk._("Your account has no permission for this page. Sign in with another "
                  "account, or ask the agency that manages the data."),
        404: tk._("The page you asked for does not exist or has been moved. "
                  "Search the catalogue or go back to the home page."),
        405: tk._("The address or the form sent is not valid. Go back and try again."),
        500: tk._("An error on the portal stopped this page. Try again in a few minutes; "
                  "if it happens again, tell the portal's administrators."),
    }
    generic = code not in default_exceptions or not content \
        or str(content) == default_exceptions[code].description
    return {
        "title": titles.get(code) or tk._("Error %(error_code)s", error_code=code),
        "text": texts.get(code, str(content or "")) if generic else str(content),
    }


def thainguyen_count(value: Any) -> str:
    """A count as people in Vietnam write it: ``1.234``."""
    return group_thousands(int(value or 0))
