"""Geometry of the server-side SVG funding charts."""
from __future__ import annotations

from ckanext.thainguyen.science import charts


def test_stacked_bars_scale_to_the_largest_total():
    rows = [
        {"year": 2024, "state_budget_vnd": 40_000_000_000, "non_budget_vnd": 10_000_000_000},
        {"year": 2025, "state_budget_vnd": 54_000_000_000, "non_budget_vnd": 26_000_000_000},
    ]
    chart = charts.stacked_bars(rows, "year", [("state_budget_vnd", "NSNN", "s"),
                                               ("non_budget_vnd", "Ngoài NS", "n")])
    plot_h = charts.HEIGHT - charts.TOP - charts.BOTTOM
    first, second = chart["bars"]
    # The axis top is 100 tỷ (80 tỷ rounded up to 1/2/5 × 10^n).
    assert chart["ticks"][-1]["label"] == "100 tỷ"
    assert second["segments"][0]["height"] == round(plot_h * 0.54, 1)
    assert second["segments"][1]["height"] == round(plot_h * 0.26, 1)
    # Segments stack: the upper one ends where the lower one starts.
    lower, upper = second["segments"]
    assert round(upper["y"] + upper["height"], 1) == lower["y"]
    assert first["label"] == "2024" and first["segments"][0]["value"] == 40_000_000_000


def test_empty_and_zero_data_draw_nothing_tall():
    chart = charts.stacked_bars([], "year", [("state_budget_vnd", "NSNN", "s")])
    assert chart["bars"] == []
    zero = charts.stacked_bars([{"year": 2025, "state_budget_vnd": 0}], "year",
                               [("state_budget_vnd", "NSNN", "s")])
    assert zero["bars"][0]["segments"][0]["height"] == 0


def test_share_line_points():
    chart = charts.share_line([
        {"year": 2024, "counterpart_share": 0.25},
        {"year": 2025, "counterpart_share": None},
        {"year": 2026, "counterpart_share": 0.5},
    ])
    assert [p["percent"] for p in chart["points"]] == [25.0, 50.0]
    assert len(chart["labels"]) == 3
    low, high = chart["points"]
    assert high["y"] < low["y"]


def test_horizontal_bars_longest_is_the_largest():
    rows = [{"total_vnd": 10}, {"total_vnd": 40}]
    chart = charts.horizontal_bars(rows, ["a", "b"], "total_vnd")
    assert chart["bars"][1]["width"] == 4 * chart["bars"][0]["width"]
