"""Template helpers every feature's pages use: moments and days as people in
Vietnam read them (CKAN's ``render_datetime`` writes ``tháng 12 31, 2026`` in
US order, with a week-based year), and counts with Vietnamese grouping."""
from __future__ import annotations

import datetime
from typing import Any

from ckanext.thainguyen.core import dates
from ckanext.thainguyen.core.text import group_thousands

__all__ = ["thainguyen_moment", "thainguyen_day", "thainguyen_count"]


def thainguyen_moment(value: Any) -> str:
    """A stored moment as ``31/07/2026 23:59``, in ``ckan.display_timezone``."""
    return dates.local_text(value)


def thainguyen_day(value: Any) -> str:
    """A day as ``31/07/2026``: a date as it is, a moment on its local day."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    local = dates.to_local(value)
    return local.strftime("%d/%m/%Y") if local is not None else ("" if value in (None, "") else str(value))


def thainguyen_count(value: Any) -> str:
    """A count as people in Vietnam write it: ``1.234``."""
    return group_thousands(int(value or 0))
