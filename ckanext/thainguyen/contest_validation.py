"""Validators of innovation-contest data (registered in logic/validators.py)."""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing

from ckanext.thainguyen import contest

_PHONE = re.compile(r"^\+?[0-9 .()-]{8,20}$")
_SLUG = re.compile(r"^[a-z0-9_-]{2,100}$")


def edition_name(value: Any) -> Any:
    edition = contest.get_edition(value)
    if edition is None:
        raise tk.Invalid(tk._("Contest edition not found"))
    return edition.name


def category(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    value = data.get(key)
    edition = contest.get_edition(data.get(("contest_edition",)))
    if edition is None or value in (None, missing, ""):
        return
    if value not in [c["name"] for c in edition.categories]:
        errors[key].append(tk._("Choose one of the edition's categories"))


def phone(value: Any) -> Any:
    if value in (None, missing, ""):
        return value
    if not _PHONE.match(str(value).strip()):
        raise tk.Invalid(tk._("Enter a phone number (digits, spaces, + . - ( ))"))
    return str(value).strip()


def slug(value: Any) -> Any:
    if not _SLUG.match(str(value)):
        raise tk.Invalid(tk._("Use 2 to 100 lowercase letters, digits, - or _"))
    return value


def score(value: Any) -> Any:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        raise tk.Invalid(tk._("A score is a number from 0 to 10"))
    if not 0 <= number <= 10:
        raise tk.Invalid(tk._("A score is a number from 0 to 10"))
    return number


def prize_level(value: Any) -> Any:
    if value not in contest.PRIZE_LEVELS:
        raise tk.Invalid(tk._("Unknown prize level"))
    return value
