"""Input that can be stored and looked up: the checks that run before any validator.

``storage_problem`` is the one check of a value: text without NUL or lone
surrogates (PostgreSQL and UTF-8 refuse them), within its field's length
limit, whole numbers within PostgreSQL's bigint, no list that CKAN's navl
cannot flatten. ``lookup_key`` applies it to the raw ids that auth functions
look up, and ``refuse_core_input`` to the keys CKAN's own package and
resource actions read before validating. ``core.validators`` applies it to
every action schema and every ckanext-scheming schema.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib.navl.dictization_functions import missing

# Limits in characters. A one-line value (title, name, code) is a key of
# btree indexes (PostgreSQL refuses index rows over ~2,700 bytes) and of Solr
# string fields: 500 characters are at most 2,000 bytes of UTF-8. Long text
# (descriptions, rules, purposes) also lands in Solr string fields (scheming
# fields index as extras), whose terms must stay under 32,766 bytes: 8,000
# characters are at most 32,000 bytes.
LINE_LIMIT = 500
LONG_TEXT_LIMIT = 8000
# PostgreSQL's bigint, the widest integer column and OFFSET/LIMIT.
INTEGER_LIMIT = 2**63 - 1

def blank(value: Any) -> bool:
    """Nothing given: missing, None, whitespace, or an empty list."""
    return value is missing or value is None or (isinstance(value, str) and not value.strip()) \
        or value == [] or value == "[]"


def storage_problem(value: Any, limit: int) -> Optional[str]:
    """Why ``value`` (text, number, or lists and dicts of them) cannot be stored, or None."""
    if isinstance(value, str):
        if "\x00" in value:
            return tk._("The text contains a NUL character")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return tk._("The text contains an invalid character (a lone surrogate)")
        if len(value) > limit:
            return tk._("The text is too long: at most %(limit)s characters") % {"limit": limit}
    elif isinstance(value, bool):
        return None
    elif isinstance(value, int):
        if abs(value) > INTEGER_LIMIT:
            return tk._("The number is too large")
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return tk._("Enter a number")
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = storage_problem(key, LINE_LIMIT) or storage_problem(item, limit)
            if problem:
                return problem
    elif isinstance(value, (list, tuple)):
        if mixes_records(value):
            return tk._("Give a list of entries, each with its own fields")
        for item in value:
            problem = storage_problem(item, limit)
            if problem:
                return problem
    return None


def mixes_records(value: Any) -> bool:
    """``value`` holds a list that CKAN's navl reads as records (its first item
    is a dict) but that holds something else too: navl refuses it with a
    DataError, an HTTP 400 keyed by no field."""
    if isinstance(value, dict):
        return any(mixes_records(item) for item in value.values())
    if not isinstance(value, (list, tuple)):
        return False
    if value and isinstance(value[0], dict) and not all(isinstance(item, dict) for item in value):
        return True
    return any(mixes_records(item) for item in value)


def lookup_key(value: Any) -> Optional[str]:
    """``value`` if it can be looked up as an id or name (text PostgreSQL can
    compare: no NUL, no lone surrogate, one line long), else None: raw request
    values reach lookups in auth functions before any validator."""
    if isinstance(value, str) and value and storage_problem(value, LINE_LIMIT) is None:
        return value
    return None


# CKAN's package and resource actions read these keys before any validator
# runs (plugin lookup by ``type``, ``Package.get(id)``, the uploader's
# ``urlparse(url)``): anything but text there was a 500.
PACKAGE_KEYS_READ_RAW = ("id", "name", "type", "owner_org")
RESOURCE_KEYS_READ_RAW = ("id", "package_id", "url")
# Lists of dicts to CKAN's navl: anything else is a DataError keyed by nothing.
PACKAGE_SUB_RECORDS = ("tags", "extras", "groups")


def _one_text_column(value: Any) -> bool:
    # CKAN 2.12's bulk updates pass each id as the one-column row of their
    # query (package_patch(id=row)); no request can send one.
    return isinstance(value, sa.engine.Row) and len(value) == 1 and isinstance(value[0], str)


def raw_key_problems(data_dict: dict[str, Any], keys: tuple[str, ...]) -> dict[str, list[str]]:
    """Field -> why its value cannot be read as one line of text, for ``keys``."""
    errors: dict[str, list[str]] = {}
    for key in keys:
        value = data_dict.get(key)
        if value is None or _one_text_column(value):
            continue
        problem = (tk._("Enter text") if not isinstance(value, str)
                   else storage_problem(value, LINE_LIMIT))
        if problem:
            errors[key] = [problem]
    return errors


def core_input_problems(data_dict: Any, resource_action: bool = False) -> dict[str, Any]:
    """What makes CKAN's package or resource action fail before validation, by field."""
    if not isinstance(data_dict, dict):
        return {"__input": [tk._("Send the parameters as a JSON object")]}
    if resource_action:
        return raw_key_problems(data_dict, RESOURCE_KEYS_READ_RAW)
    errors: dict[str, Any] = raw_key_problems(data_dict, PACKAGE_KEYS_READ_RAW)
    if "resources" in data_dict:
        resources = data_dict["resources"]
        if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
            errors["resources"] = [tk._("Give a list of resources, each with its own fields")]
        else:
            rows = [raw_key_problems(r, RESOURCE_KEYS_READ_RAW) for r in resources]
            if any(rows):
                errors["resources"] = rows
    for key, value in data_dict.items():
        if key not in errors and isinstance(key, str) and mixes_records(value):
            errors[key] = [tk._("Give a list of entries, each with its own fields")]
    for key in PACKAGE_SUB_RECORDS:
        value = data_dict.get(key)
        if not blank(value) and not (
                isinstance(value, list) and all(isinstance(row, dict) for row in value)):
            problem = tk._("Give a list of entries, each with its own fields")
            # ValidationError reads tag errors as one dict per tag.
            errors[key] = [{"name": [problem]}] if key == "tags" else [problem]
    return errors


def refuse_core_input(data_dict: Any, resource_action: bool = False) -> None:
    """ValidationError, by field, for input CKAN's own action would crash on."""
    problems = core_input_problems(data_dict, resource_action)
    if problems:
        raise tk.ValidationError(problems)
