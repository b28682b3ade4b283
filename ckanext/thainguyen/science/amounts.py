"""Whole-VND amounts: parsing what people type, formatting the Vietnamese way.

Accepted input: plain digits (``54000000000``), dot-grouped thousands
(``54.000.000.000``), or a number with a Vietnamese unit (``54 tỷ``,
``1,5 tỷ``, ``300 triệu``), optionally followed by ``đồng``/``₫``/``VND``.
The comma is the Vietnamese decimal mark, so ``54,000,000,000`` is refused
rather than guessed at.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from ckanext.thainguyen.core.text import group_thousands

BILLION = 10**9
MILLION = 10**6

# One project-year above 100.000 tỷ (about the province's budget for a
# decade) is a typo, not a science grant.
MAX_AMOUNT_VND = 100_000 * BILLION
MAX_DIGITS = 20

_UNITS = {
    "tỷ": BILLION,
    "tỉ": BILLION,
    "triệu": MILLION,
    "nghìn": 1000,
    "ngàn": 1000,
}

_CURRENCY = r"(?:\s*(?:đồng|đ|₫|vnd|vnđ))?"
_PLAIN = re.compile(r"^(\d+)" + _CURRENCY + r"$")
_GROUPED = re.compile(r"^(\d{1,3}(?:\.\d{3})+)" + _CURRENCY + r"$")
_WITH_UNIT = re.compile(
    r"^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*(" + "|".join(_UNITS) + r")" + _CURRENCY + r"$"
)


class AmountError(ValueError):
    """The text is not a whole, non-negative, plausible VND amount."""


def parse_vnd(value: object) -> int:
    """Return the amount in whole VND or raise AmountError (with a reason)."""
    if isinstance(value, bool):
        raise AmountError("not_a_number")
    if isinstance(value, int):
        return _checked(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise AmountError("not_a_number")
        if not value.is_integer():
            raise AmountError("fractional")
        return _checked(int(value))
    if not isinstance(value, str):
        raise AmountError("not_a_number")

    text = unicodedata.normalize("NFC", value).strip().lower()
    text = re.sub(r"\s+", " ", text)
    # MAX_AMOUNT_VND has 15 digits; longer runs are refused before int(),
    # which raises a plain ValueError past 4,300 digits.
    if text.startswith("-"):
        raise AmountError("negative")
    if sum(c.isdigit() for c in text) > MAX_DIGITS:
        raise AmountError("too_large")
    if match := _PLAIN.match(text):
        return _checked(int(match.group(1)))
    if match := _GROUPED.match(text):
        return _checked(int(match.group(1).replace(".", "")))
    if match := _WITH_UNIT.match(text):
        whole, fraction, unit = match.groups()
        try:
            number = Decimal(whole.replace(".", "") + ("." + fraction if fraction else ""))
        except InvalidOperation:  # pragma: no cover - the regex only lets digits through
            raise AmountError("not_a_number")
        amount = number * _UNITS[unit]
        if amount != amount.to_integral_value():
            raise AmountError("fractional")
        return _checked(int(amount))
    if re.match(r"^[\d.,\s]+$", text) and ("," in text):
        # "1,5" or "54,000,000": a decimal comma without a unit is either a
        # fraction of a đồng or an English-style grouping; neither is accepted.
        raise AmountError("fractional")
    raise AmountError("not_a_number")


def _checked(amount: int) -> int:
    if amount < 0:
        raise AmountError("negative")
    if amount > MAX_AMOUNT_VND:
        raise AmountError("too_large")
    return amount


def format_vnd(amount: int | None) -> str:
    """``54.000.000.000 ₫``"""
    if amount is None:
        return ""
    return f"{group_thousands(amount)} ₫"


def format_vnd_words(amount: int | None) -> str:
    """Short form for summaries: ``54 tỷ``, ``1,5 tỷ``, ``300 triệu``, ``1.000``.

    Callers append "đồng" (translated) themselves. Billions keep up to two
    decimals so that a dashboard total never rounds away a project.
    """
    if amount is None:
        return ""
    amount = int(amount)
    for unit, size in (("tỷ", BILLION), ("triệu", MILLION)):
        if abs(amount) >= size:
            number = (Decimal(amount) / size).quantize(Decimal("0.01"))
            text = group_thousands(int(number))
            fraction = str(abs(number) % 1)[2:].rstrip("0")
            return f"{text},{fraction} {unit}" if fraction else f"{text} {unit}"
    return group_thousands(amount)
