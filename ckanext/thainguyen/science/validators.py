"""Validation of science-project records.

The ``thainguyen_science_*`` validators (``__all__``) are registered with
CKAN by the ``thainguyen_science`` plugin for ``schemas/science_project.yaml``;
the filter validators below them build the schemas of ``schema``.
"""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.navl.dictization_functions import missing

from ckanext.thainguyen.core.dates import as_date
from ckanext.thainguyen.science import amounts, store
from ckanext.thainguyen.science.rules import PRIVATE_STATUSES

__all__ = [
    "thainguyen_science_amount",
    "thainguyen_science_year",
    "thainguyen_science_project_code",
    "thainguyen_science_project_code_unique",
    "thainguyen_science_project_consistency",
]

_ = tk._

PROJECT_CODE = re.compile(r"^KHCN-[A-Z]{2,6}-(?:19|20)\d{2}-\d{2,3}$")
MIN_YEAR, MAX_YEAR = 1990, 2100


def _amount_message(reason: str) -> str:
    return {
        "negative": _("The amount must not be negative."),
        "fractional": _("The amount must be a whole number of đồng."),
        "too_large": _("The amount is implausibly large (over 100.000 tỷ đồng)."),
    }.get(reason, _("Type an amount such as 54.000.000.000, 54000000000 or 54 tỷ."))


def thainguyen_science_amount(value: Any) -> int:
    if value is missing or value is None or (isinstance(value, str) and not value.strip()):
        return 0
    try:
        return amounts.parse_vnd(value)
    except amounts.AmountError as error:
        raise tk.Invalid(_amount_message(str(error)))


def thainguyen_science_year(value: Any) -> int:
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None or not MIN_YEAR <= number <= MAX_YEAR:
        raise tk.Invalid(_("Type a year between {0} and {1}.").format(MIN_YEAR, MAX_YEAR))
    return number


def thainguyen_science_project_code(value: Any) -> str:
    code = str(value).strip().upper()
    if not PROJECT_CODE.match(code):
        raise tk.Invalid(_("The project code must look like KHCN-TN-2025-01."))
    return code


def thainguyen_science_project_code_unique(key: Any, data: dict[Any, Any], errors: dict[Any, Any],
                                           context: Any) -> None:
    code = data.get(key)
    if not code or errors.get(key):
        return
    package = context.get("package")
    package_id = getattr(package, "id", None) or data.get(("id",))
    if package_id is missing:
        package_id = None
    if store.code_taken(code, package_id):
        errors[key].append(_("Another project already has this code."))


def _present(value: Any) -> bool:
    return value is not missing and value is not None and str(value).strip() != ""


def _add(errors: dict[Any, Any], key: tuple[Any, ...], message: str) -> None:
    errors.setdefault(key, []).append(message)


def thainguyen_science_project_consistency(key: Any, data: dict[Any, Any], errors: dict[Any, Any],
                                           context: Any) -> None:
    """Rules across fields; also derives ``private`` from ``status``."""
    start = as_date(data.get(("start_date",)))
    end = as_date(data.get(("end_date",)))
    if start and end and end < start:
        _add(errors, ("end_date",), _("The end date must not be before the start date."))

    years_seen: set[int] = set()
    indexes = sorted({k[1] for k in data if len(k) == 3 and k[0] == "funding"})
    for index in indexes:
        row_year = data.get(("funding", index, "year"))
        if isinstance(row_year, int) and not errors.get(("funding", index, "year")):
            if start and end and not start.year <= row_year <= end.year:
                _add(errors, ("funding", index, "year"),
                     _("The year must fall inside the project period ({0}–{1}).").format(start.year, end.year))
            elif row_year in years_seen:
                _add(errors, ("funding", index, "year"), _("This year is already listed."))
            years_seen.add(row_year)
        amounts = [data.get(("funding", index, f)) for f in ("state_budget_vnd", "non_budget_vnd", "disbursed_vnd")]
        if all(isinstance(a, int) for a in amounts) and amounts[2] > amounts[0] + amounts[1]:
            _add(errors, ("funding", index, "disbursed_vnd"),
                 _("Disbursed funding must not exceed the allocated funding of the year."))

    output_indexes = sorted({k[1] for k in data if len(k) == 3 and k[0] == "outputs"})
    for index in output_indexes:
        if data.get(("outputs", index, "kind")) != "dataset":
            continue
        reference = data.get(("outputs", index, "reference"))
        pkg = model.Package.get(reference) if _present(reference) else None
        if pkg is None or pkg.state != "active":
            _add(errors, ("outputs", index, "reference"),
                 _("Name an existing catalogue entry (its URL name)."))
        else:
            data[("outputs", index, "reference")] = pkg.name

    if data.get(("commissioned",)) == "yes" and not _present(data.get(("commissioned_by",))):
        _add(errors, ("commissioned_by",), _("Say who commissioned the project."))

    status = data.get(("status",))
    if _present(status):
        data[("private",)] = status in PRIVATE_STATUSES


# --- filters of the funding summary and export ---------------------------------

def year_range(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    start, end = data.get(("year_from",)), data.get(("year_to",))
    if isinstance(start, int) and isinstance(end, int) and start > end:
        _add(errors, ("year_to",), _("The last year must not be before the first year."))


EXPORT_FORMATS = ("csv", "xlsx")


def export_format(value: Any) -> str:
    text = str(value).strip().lower()
    if text not in EXPORT_FORMATS:
        raise tk.Invalid(_("Choose csv or xlsx."))
    return text
