"""Geometry of the server-side SVG charts of funding (no JavaScript).

Templates get plain numbers (x, y, width, height) and draw ``<rect>``s; all
arithmetic stays here where it can be tested.
"""
from __future__ import annotations

from typing import Any, Sequence

from ckanext.thainguyen.core import charts as core_charts
from ckanext.thainguyen.science.amounts import format_vnd, format_vnd_words

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 80, 16, 16, 36


def _nice_max(value: int) -> int:
    """Round the axis top up to 1, 2 or 5 × a power of ten."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def stacked_bars(rows: Sequence[dict[str, Any]], label_key: str,
                 series: Sequence[tuple[str, str, str]]) -> dict[str, Any]:
    """Vertical stacked bars: one bar per row, one segment per series.

    ``series`` is (value key, legend label, css class) from the bottom up.
    """
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _nice_max(max((sum(int(r.get(k) or 0) for k, _l, _c in series) for r in rows), default=0))
    slot = plot_w / max(len(rows), 1)
    bar_w = min(56.0, slot * 0.6)
    bars = []
    for i, row in enumerate(rows):
        x = LEFT + i * slot + (slot - bar_w) / 2
        base = TOP + plot_h
        segments = []
        for key, label, css in series:
            value = int(row.get(key) or 0)
            h = plot_h * value / top
            base -= h
            segments.append({"x": round(x, 1), "y": round(base, 1), "width": round(bar_w, 1),
                             "height": round(h, 1), "css": css, "value": value,
                             "title": f"{row[label_key]} – {label}: {format_vnd(value)}"})
        bars.append({"label": str(row[label_key]), "label_x": round(x + bar_w / 2, 1),
                     "label_y": HEIGHT - BOTTOM + 18, "segments": segments})
    ticks = [{"y": round(TOP + plot_h - plot_h * f, 1), "label": format_vnd_words(int(top * f))}
             for f in (0, 0.5, 1)]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT,
            "bars": bars, "ticks": ticks, "legend": [(label, css) for _k, label, css in series]}


def horizontal_bars(rows: Sequence[dict[str, Any]], labels: Sequence[str], value_key: str,
                    css: str = "thainguyen-bar-total") -> dict[str, Any]:
    """``core.charts.horizontal_bars`` of amounts: short words beside each
    bar, the exact đồng in its tooltip."""
    return core_charts.horizontal_bars(rows, labels, value_key, css,
                                       words=format_vnd_words, detail=format_vnd)


def share_line(by_year: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Counterpart share (0–100 %) per year as a polyline with points."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(by_year), 1)
    points = []
    for i, row in enumerate(by_year):
        share = row.get("counterpart_share")
        if share is None:
            continue
        x = LEFT + i * slot + slot / 2
        y = TOP + plot_h - plot_h * share
        points.append({"x": round(x, 1), "y": round(y, 1), "year": row["year"],
                       "percent": round(share * 100, 1)})
    ticks = [{"y": round(TOP + plot_h - plot_h * f, 1), "label": f"{int(f * 100)} %"}
             for f in (0, 0.25, 0.5, 0.75, 1)]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT,
            "points": points, "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
            "ticks": ticks,
            "labels": [{"x": round(LEFT + i * slot + slot / 2, 1), "y": HEIGHT - BOTTOM + 18,
                        "year": row["year"]} for i, row in enumerate(by_year)]}
