"""Template helpers of science-project funding (``__all__``, ``thainguyen_`` prefix)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.science import charts
from ckanext.thainguyen.science.amounts import format_vnd, format_vnd_words

__all__ = [
    "thainguyen_vnd",
    "thainguyen_vnd_words",
    "thainguyen_percent",
    "thainguyen_funding_chart",
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
