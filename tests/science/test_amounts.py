"""The VND amount parser and formatters (property-based)."""
from __future__ import annotations

import pytest
from hypothesis import example, given, strategies as st

from ckanext.thainguyen.science.amounts import (
    BILLION, MAX_AMOUNT_VND, AmountError, format_vnd, format_vnd_words,
    group_thousands, parse_vnd,
)

amounts = st.integers(min_value=0, max_value=MAX_AMOUNT_VND)


@given(amounts)
@example(54_000_000_000)
def test_plain_digits_round_trip(n):
    assert parse_vnd(str(n)) == n
    assert parse_vnd(n) == n


@given(amounts)
@example(54_000_000_000)
def test_vietnamese_grouping_round_trips(n):
    text = group_thousands(n)
    assert "," not in text
    assert parse_vnd(text) == n
    assert parse_vnd(format_vnd(n)) == n  # "54.000.000.000 ₫"


@given(st.integers(min_value=0, max_value=MAX_AMOUNT_VND // BILLION))
def test_billions_with_unit(n):
    assert parse_vnd(f"{n} tỷ") == n * BILLION
    assert parse_vnd(f"{n} tỷ đồng") == n * BILLION


@given(st.integers(min_value=0, max_value=99_999), st.integers(min_value=0, max_value=99))
def test_decimal_comma_with_unit(whole, hundredths):
    assert parse_vnd(f"{whole},{hundredths:02d} tỷ") == whole * BILLION + hundredths * 10**7


@given(st.integers(min_value=1, max_value=10**20))
def test_negative_amounts_are_refused(n):
    with pytest.raises(AmountError, match="negative"):
        parse_vnd(f"-{n}")
    with pytest.raises(AmountError):
        parse_vnd(-n)


@given(st.integers(min_value=MAX_AMOUNT_VND + 1, max_value=10**30))
def test_absurd_sizes_are_refused(n):
    with pytest.raises(AmountError, match="too_large"):
        parse_vnd(str(n))


@given(st.text())
def test_any_text_parses_or_raises_amount_error(text):
    # Never another exception, and anything accepted is a plausible amount.
    try:
        value = parse_vnd(text)
    except AmountError:
        return
    assert isinstance(value, int) and 0 <= value <= MAX_AMOUNT_VND


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_floats_only_when_whole(x):
    try:
        value = parse_vnd(x)
    except AmountError:
        assert not (x == x and x not in (float("inf"), float("-inf")) and x.is_integer()
                    and 0 <= x <= MAX_AMOUNT_VND)
        return
    assert value == int(x)


@pytest.mark.parametrize("text", [
    "1,5", "54,000,000,000", "54.00.000", "12abc", "tỷ", "", "0,0000000001 tỷ",
    "1.5 tỷ", "54 đô", "5e9", "--5", "True",
])
def test_malformed(text):
    with pytest.raises(AmountError):
        parse_vnd(text)


def test_booleans_are_not_amounts():
    with pytest.raises(AmountError):
        parse_vnd(True)


def test_word_formatting():
    assert format_vnd(54_000_000_000) == "54.000.000.000 ₫"
    assert format_vnd_words(54_000_000_000) == "54 tỷ"
    assert format_vnd_words(54_730_000_000) == "54,73 tỷ"
    assert format_vnd_words(1_500_000_000_000) == "1.500 tỷ"
    assert format_vnd_words(300_000_000) == "300 triệu"
    assert format_vnd_words(4_500) == "4.500"
