"""Template helpers of science-project funding (``__all__``, ``thainguyen_`` prefix)."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.core.users import view_context
from ckanext.thainguyen.science import charts, store
from ckanext.thainguyen.science.amounts import format_vnd, format_vnd_words

__all__ = [
    "thainguyen_vnd",
    "thainguyen_vnd_words",
    "thainguyen_percent",
    "thainguyen_funding_chart",
    "thainguyen_funding_headline",
]


def thainguyen_vnd(amount) -> str:
    """``54.000.000.000 ₫``"""
    return format_vnd(int(amount or 0))


def thainguyen_vnd_words(amount) -> str:
    """``54 tỷ đồng``: the currency's own words, in every UI language."""
    return f"{format_vnd_words(int(amount or 0))} đồng"


def thainguyen_percent(share) -> str:
    """0.3 -> ``30 %``; 0.2857 -> ``28,6 %`` (Vietnamese decimal comma)."""
    if share is None:
        return "–"
    text = f"{share * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} %"


def thainguyen_funding_chart(funding) -> dict:
    """Stacked bars (state budget, non-budget) of one project's funding rows."""
    rows = sorted((r for r in (funding or []) if isinstance(r, dict)), key=lambda r: int(r.get("year") or 0))
    return charts.stacked_bars(rows, "year", [
        ("state_budget_vnd", tk._("State budget"), "thainguyen-bar-state"),
        ("non_budget_vnd", tk._("Non-budget (counterpart)"), "thainguyen-bar-nonbudget"),
    ])


def _headline_years() -> list[int]:
    years = [int(y) for y in tk.config.get("ckanext.thainguyen.home.funding_years") or []]
    if years:
        return sorted(years)
    # Not configured: the last two years with funding the visitor may see,
    # up to this year (planned years are not yet spent).
    this_year = datetime.date.today().year
    seen = [y for y in store.funding_years(view_context()["auth_user_obj"]) if y <= this_year]
    return seen[-2:]


def thainguyen_funding_headline() -> dict[str, Any]:
    """Headline of the funding dashboard for the home page, as the current
    user may see it: the state budget of the last headline year and the
    counterpart share over all of them (``thainguyen_funding_summary``)."""
    years = _headline_years()
    if not years:
        return {"years": []}
    summary = tk.get_action("thainguyen_funding_summary")
    last = summary(view_context(), {"year_from": years[-1], "year_to": years[-1]})["totals"]
    span = summary(view_context(), {"year_from": years[0], "year_to": years[-1]})["totals"]
    return {"years": years, "year": years[-1], "state_budget_vnd": last["state_budget_vnd"],
            "counterpart_share": span["counterpart_share"],
            "project_count": span["project_count"]}
