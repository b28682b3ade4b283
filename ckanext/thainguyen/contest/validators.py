"""Validators of innovation-contest data, registered with CKAN under these names
(``__all__``) by ``ThainguyenContestPlugin``. Phones use the shared
``thainguyen_phone`` (``core.validators``)."""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing

from ckanext.thainguyen.contest import rules

__all__ = [
    "thainguyen_contest_edition_name",
    "thainguyen_contest_category",
    "thainguyen_contest_slug",
    "thainguyen_contest_score",
    "thainguyen_contest_prize_level",
]

_SLUG = re.compile(r"^[a-z0-9_-]{2,100}$")


def thainguyen_contest_edition_name(value: Any) -> Any:
    edition = rules.get_edition(value)
    if edition is None:
        raise tk.Invalid(tk._("Contest edition not found"))
    return edition.name


def thainguyen_contest_category(key: Any, data: dict[Any, Any], errors: dict[Any, Any],
                                context: Any) -> None:
    value = data.get(key)
    edition = rules.get_edition(data.get(("contest_edition",)))
    if edition is None or value in (None, missing, ""):
        return
    if value not in [c["name"] for c in edition.categories]:
        errors[key].append(tk._("Choose one of the edition's categories"))


def thainguyen_contest_slug(value: Any) -> Any:
    if not _SLUG.match(str(value)):
        raise tk.Invalid(tk._("Use 2 to 100 lowercase letters, digits, - or _"))
    return value


def thainguyen_contest_score(value: Any) -> Any:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        raise tk.Invalid(tk._("A score is a number from 0 to 10"))
    if not 0 <= number <= 10:
        raise tk.Invalid(tk._("A score is a number from 0 to 10"))
    return number


def thainguyen_contest_prize_level(value: Any) -> Any:
    if value not in rules.PRIZE_LEVELS:
        raise tk.Invalid(tk._("Unknown prize level"))
    return value
