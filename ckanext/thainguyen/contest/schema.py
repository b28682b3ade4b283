"""navl schemas of the innovation-contest actions."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.core.validators import long_text, moment, optional_text, required_text, validators


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
        "name": validators("not_empty", "unicode_safe", "thainguyen_contest_slug"),
        "title": required_text(),
        "year": validators("not_empty", "int_validator"),
        "theme": optional_text(),
        "rules": long_text(optional_text()),
        "categories": {
            "name": validators("not_empty", "unicode_safe", "thainguyen_contest_slug"),
            "label": required_text(),
        },
        "criteria": {
            "name": validators("not_empty", "unicode_safe", "thainguyen_contest_slug"),
            "label": required_text(),
            "weight": validators("not_empty", "thainguyen_natural_number"),
        },
        "prizes": {
            "level": validators("not_empty", "thainguyen_contest_prize_level"),
            "count": validators("not_empty", "thainguyen_natural_number"),
        },
        "submission_opens": validators("not_empty") + [moment(end_of_day=False)],
        "submission_closes": validators("not_empty") + [moment(end_of_day=True)],
        "judging_opens": validators("not_empty") + [moment(end_of_day=False)],
        "judging_closes": validators("not_empty") + [moment(end_of_day=True)],
        "__extras": validators("ignore"),
    }


def edition_ref_schema() -> dict[str, Any]:
    return {"id": required_text(), "__extras": validators("ignore")}


def role_assign_schema() -> dict[str, Any]:
    return {
        "id": required_text(),
        "user": validators("not_empty", "unicode_safe", "user_id_or_name_exists"),
        "remove": [tk.get_validator("default")(False), tk.get_validator("thainguyen_boolean")],
        "__extras": validators("ignore"),
    }


def entry_ref_schema() -> dict[str, Any]:
    return {"id": required_text(), "__extras": validators("ignore")}


def entry_set_status_schema() -> dict[str, Any]:
    return {"id": required_text(), "status": required_text(), "__extras": validators("ignore")}


def entry_award_schema() -> dict[str, Any]:
    return {
        "id": required_text(),
        "prize": validators("not_empty", "thainguyen_contest_prize_level"),
        "__extras": validators("ignore"),
    }


def entry_score_schema() -> dict[str, Any]:
    return {
        "id": required_text(),
        "scores": validators("not_empty"),
        "comment": long_text([tk.get_validator("default")("")] + validators("unicode_safe", "strip_value")),
        "__extras": validators("ignore"),
    }


def correct_result_schema() -> dict[str, Any]:
    """A correction of a published outcome: the entry's prize after it
    (empty: not awarded) and why, which is published with the results."""
    return {
        "id": required_text(),
        "prize": validators("ignore_missing", "unicode_safe", "strip_value", "ignore_empty",
                            "thainguyen_contest_prize_level"),
        "reason": long_text(required_text()),
        "__extras": validators("ignore"),
    }
