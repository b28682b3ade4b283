"""Geometry of the server-side SVG bar charts every feature draws (no
JavaScript): the template ``thainguyen/snippets/horizontal_bars.html`` gets
plain numbers and draws ``<rect>``s; the arithmetic stays here.
"""
from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

WIDTH = 640


def horizontal_bars(rows: Sequence[dict[str, Any]], labels: Sequence[str], value_key: str,
                    css: str = "thainguyen-bar-total",
                    words: Callable[[int], str] = str,
                    detail: Optional[Callable[[int], str]] = None) -> dict[str, Any]:
    """One bar per row, the longest for the largest value. ``words`` writes
    each value beside its bar (``group_thousands`` for counts, the short
    amount for đồng); ``detail`` the bar's tooltip (``words`` if not given)."""
    row_h, gap, label_w = 26, 8, 230
    top = max((int(r.get(value_key) or 0) for r in rows), default=0) or 1
    plot_w = WIDTH - label_w - 130
    bars = []
    for i, (row, label) in enumerate(zip(rows, labels)):
        value = int(row.get(value_key) or 0)
        y = i * (row_h + gap)
        bars.append({"label": label, "y": y, "text_y": y + row_h * 0.68, "x": label_w,
                     "width": round(plot_w * value / top, 1), "height": row_h, "css": css,
                     "value_x": round(label_w + plot_w * value / top + 6, 1),
                     "value": value, "words": words(value),
                     "detail": (detail or words)(value)})
    return {"width": WIDTH, "height": max(len(rows), 1) * (row_h + gap), "bars": bars}
