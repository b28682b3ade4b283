"""navl schemas of the innovation-contest actions."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk


def _v(*names: str) -> list[Any]:
    return [tk.get_validator(name) for name in names]


def _text() -> list[Any]:
    return _v("not_empty", "unicode_safe", "strip_value", "not_empty")


def _optional_text() -> list[Any]:
    return _v("ignore_missing", "unicode_safe", "strip_value")


def _moment(end_of_day: bool):
    """ISO date or date-time -> naive UTC datetime; a bare date means the
    start of the day for an opening and its end for a closing."""
    def convert(value: Any) -> Any:
        if isinstance(value, datetime.datetime):
            parsed = value
        else:
            text = str(value).strip()
            try:
                if len(text) == 10:
                    day = datetime.date.fromisoformat(text)
                    parsed = datetime.datetime.combine(
                        day, datetime.time.max if end_of_day else datetime.time.min)
                else:
                    parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
                if parsed.tzinfo is not None:
                    parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
            except (ValueError, OverflowError):
                # OverflowError: an offset pushing year 1 or 9999 out of range.
                raise tk.Invalid(tk._("Enter a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)"))
        return parsed
    return convert


# Pages under /contest/ whose first segment is not an edition's name.
RESERVED_NAMES = {"new", "entry"}
# The column is a 4-byte integer; the contest began in 2025.
YEARS = (2000, 2100)


def edition_consistency_errors(data: dict[str, Any]) -> dict[str, list[str]]:
    """Rules across fields of a validated edition (weights, windows, names)."""
    errors: dict[str, list[str]] = {}

    def err(field: str, msg: str) -> None:
        errors.setdefault(field, []).append(msg)

    criteria = data.get("criteria") or []
    if not criteria:
        err("criteria", tk._("Give at least one judging criterion"))
    elif sum(c["weight"] for c in criteria) != 100:
        err("criteria", tk._("The criteria weights must sum to 100 (now %s)")
            % sum(c["weight"] for c in criteria))
    for field, sub in (("criteria", "name"), ("categories", "name"), ("prizes", "level")):
        names = [row[sub] for row in data.get(field) or []]
        if len(names) != len(set(names)):
            err(field, tk._("Each entry of this list must have its own name"))
    for field in ("criteria", "categories"):
        labels = [row["label"].casefold() for row in data.get(field) or []]
        if len(labels) != len(set(labels)):
            err(field, tk._("Each entry of this list must have its own label"))
    if data.get("name") in RESERVED_NAMES:
        err("name", tk._("This URL is reserved; choose another"))
    if not YEARS[0] <= data["year"] <= YEARS[1]:
        err("year", tk._("Enter a year from %(first)s to %(last)s") % {"first": YEARS[0], "last": YEARS[1]})
    if not data.get("categories"):
        err("categories", tk._("Give at least one category"))
    opens, closes = data["submission_opens"], data["submission_closes"]
    j_opens, j_closes = data["judging_opens"], data["judging_closes"]
    if not opens < closes:
        err("submission_closes", tk._("Submissions must close after they open"))
    if not closes <= j_opens:
        err("judging_opens", tk._("Judging opens once submissions have closed"))
    if not j_opens < j_closes:
        err("judging_closes", tk._("Judging must close after it opens"))
    return errors


def edition_schema() -> dict[str, Any]:
    return {
        "name": _v("not_empty", "unicode_safe", "thainguyen_contest_slug"),
        "title": _text(),
        "year": _v("not_empty", "int_validator"),
        "theme": _optional_text(),
        "rules": _optional_text(),
        "categories": {
            "name": _v("not_empty", "unicode_safe", "thainguyen_contest_slug"),
            "label": _text(),
        },
        "criteria": {
            "name": _v("not_empty", "unicode_safe", "thainguyen_contest_slug"),
            "label": _text(),
            "weight": _v("not_empty", "natural_number_validator"),
        },
        "prizes": {
            "level": _v("not_empty", "thainguyen_contest_prize_level"),
            "count": _v("not_empty", "natural_number_validator"),
        },
        "submission_opens": _v("not_empty") + [_moment(False)],
        "submission_closes": _v("not_empty") + [_moment(True)],
        "judging_opens": _v("not_empty") + [_moment(False)],
        "judging_closes": _v("not_empty") + [_moment(True)],
        "__extras": _v("ignore"),
    }


def edition_ref_schema() -> dict[str, Any]:
    return {"id": _text(), "__extras": _v("ignore")}


def role_assign_schema() -> dict[str, Any]:
    return {
        "id": _text(),
        "user": _v("not_empty", "unicode_safe", "user_id_or_name_exists"),
        "remove": [tk.get_validator("default")(False), tk.get_validator("boolean_validator")],
        "__extras": _v("ignore"),
    }


def entry_ref_schema() -> dict[str, Any]:
    return {"id": _text(), "__extras": _v("ignore")}


def entry_set_status_schema() -> dict[str, Any]:
    return {"id": _text(), "status": _text(), "__extras": _v("ignore")}


def entry_award_schema() -> dict[str, Any]:
    return {
        "id": _text(),
        "prize": _v("not_empty", "thainguyen_contest_prize_level"),
        "__extras": _v("ignore"),
    }


def entry_score_schema() -> dict[str, Any]:
    return {
        "id": _text(),
        "scores": _v("not_empty"),
        "comment": [tk.get_validator("default")("")] + _v("unicode_safe", "strip_value"),
        "__extras": _v("ignore"),
    }
