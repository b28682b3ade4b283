"""Validation shared by every feature: one way to validate, parse dates and check phones.

Registered with CKAN (``__all__``, ``thainguyen_`` prefix) by the
``thainguyen`` plugin; the helpers below them build the features' schemas.

Storable input, one mechanism for every schema. ``core.storable.storage_problem`` is the
one check: text without NUL or lone surrogates (PostgreSQL and UTF-8 refuse
them), within its field's length limit, whole numbers within PostgreSQL's
bigint. It runs before any other validator, so no bad value reaches a
validator that looks it up in the database, and it is applied without any
schema naming it:
- action schemas: ``validate_or_raise``, the one helper every action
  validates with, checks the whole input against it first;
- ckanext-scheming schemas: the ``thainguyen`` plugin adds
  ``thainguyen_record_guard`` to the ``before_validators`` of every schema
  scheming loaded (``guard_record_schemas``, at configure time). A preset
  would cover only the fields that name it, and the YAML files only the
  schemas someone remembered to edit; this covers every field of every
  record type, present and future, and also refuses a list, number or
  boolean for a plain-text field (``notes`` given as a list was stored and
  then broke indexing).
"""
from __future__ import annotations

import datetime
import functools
import re
import urllib.parse
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import StopOnError, missing
from ckan.logic.schema import default_create_package_schema
from ckanext.scheming.helpers import scheming_dataset_schemas
from ckanext.scheming.validation import scheming_validator

from ckanext.thainguyen.core import dates
from ckanext.thainguyen.core.classification import is_classified
from ckanext.thainguyen.core.storable import (
    INTEGER_LIMIT, LINE_LIMIT, LONG_TEXT_LIMIT, blank, storage_problem,
)

__all__ = [
    "thainguyen_iso_date",
    "thainguyen_iso_datetime",
    "thainguyen_in_the_future",
    "thainguyen_phone",
    "thainguyen_resource_url",
    "thainguyen_boolean",
    "thainguyen_natural_number",
    "thainguyen_record_guard",
    "thainguyen_record_guard_after",
    "thainguyen_required_once_classified",
    "thainguyen_unclassified_as_given",
]

# Digits, spaces and + . - ( ); starts and ends with a digit (0208 3855 123,
# +84 912 345 678).
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 .()\-]{6,18}[0-9]$")


def thainguyen_iso_date(value: Any) -> Any:
    """``YYYY-MM-DD`` (or a date) -> ``datetime.date``."""
    if blank(value):
        return value
    try:
        return dates.parse_date(value)
    except ValueError:
        raise tk.Invalid(tk._("Enter a date in the form YYYY-MM-DD"))


def moment(end_of_day: bool) -> Any:
    """Validator: ISO date or date-time -> naive UTC datetime (see ``dates``)."""
    def convert(value: Any) -> Any:
        if blank(value):
            return value
        try:
            return dates.parse_moment(value, end_of_day)
        except ValueError:
            raise tk.Invalid(tk._("Enter a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)"))
    return convert


# A bare date means "until the end of that day", which is what an admin
# typing an expiry date expects.
thainguyen_iso_datetime = moment(end_of_day=True)


def thainguyen_in_the_future(value: Any) -> Any:
    if isinstance(value, datetime.datetime) and value <= dates.utcnow():
        raise tk.Invalid(tk._("The expiry must be in the future"))
    return value


def thainguyen_phone(value: Any) -> Any:
    if blank(value):
        return value
    if not PHONE_PATTERN.match(str(value).strip()):
        raise tk.Invalid(tk._("Enter a phone number of digits, e.g. 0208 3855 123"))
    return str(value).strip()


WEB_SCHEMES = ("http", "https")
# Links a browser would run, or read from the visitor's own machine: refused
# on every dataset, the site's own unclassified ones included.
UNSAFE_SCHEMES = ("javascript", "vbscript", "data", "file")


def _split_url(value: Any) -> Optional[urllib.parse.SplitResult]:
    try:
        return urllib.parse.urlsplit(value) if isinstance(value, str) else None
    except ValueError:  # e.g. an unbalanced "[" (an IPv6 host)
        return None


@scheming_validator
def thainguyen_resource_url(field: Any, schema: dict[str, Any]) -> Any:
    """A resource's URL: a web link (http or https), or the file name of an
    upload. On an unclassified dataset (``core.classification``), whatever
    CKAN accepts, as before the extension, but a link a browser would run."""

    def validator(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
        value = data.get(key)
        if blank(value) or data.get(key[:-1] + ("url_type",)) == "upload":
            return
        if not is_classified(data, schema, context):
            parsed = _split_url(value)
            if parsed is not None and parsed.scheme.lower() in UNSAFE_SCHEMES:
                errors[key].append(tk._("Give a web link, not a link a browser would run"))
            return
        refusal = web_link_refusal(value, data.get(key[:-1] + ("url_type",)))
        if refusal:
            errors[key].append(refusal)
    return validator


def web_link_refusal(url: Any, url_type: Any) -> Optional[str]:
    """Why ``url`` cannot be a classified record's resource URL (None: it can)."""
    if blank(url) or url_type == "upload":
        return None
    parsed = _split_url(url)
    if parsed is None or parsed.scheme.lower() not in WEB_SCHEMES or not parsed.netloc:
        return tk._("Give a web link starting with http:// or https://, or upload a file")
    return None


TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0", "")


def thainguyen_boolean(value: Any) -> Any:
    """A yes/no flag: a JSON boolean or one of the words forms send.

    CKAN's boolean_validator calls ``.lower()`` on whatever it is given.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS + FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise tk.Invalid(tk._("Enter true or false"))


def thainguyen_natural_number(value: Any) -> Any:
    """A whole number from 0 to PostgreSQL's bigint maximum (limits, offsets, counts)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise tk.Invalid(tk._("Enter a whole number"))
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()):
        raise tk.Invalid(tk._("Enter a whole number, 0 or more"))
    if len(text) > 19 or int(text) > INTEGER_LIMIT:
        raise tk.Invalid(tk._("The number is too large"))
    return int(text)


def validators(*names: str) -> list[Any]:
    """CKAN's registered validators by name, for a schema."""
    return [tk.get_validator(name) for name in names]


def required_text() -> list[Any]:
    # not_empty twice: once for a missing value, once for whitespace only.
    return validators("not_empty", "unicode_safe", "strip_value", "not_empty")


def optional_text() -> list[Any]:
    return validators("ignore_missing", "unicode_safe", "strip_value")


def long_text(text_validators: list[Any]) -> list[Any]:
    """``required_text()`` or ``optional_text()`` for a field of long text (rules, purposes)."""
    return [long_text_marker] + text_validators


def validate_or_raise(data_dict: dict[str, Any], schema: dict[str, Any], context: Any) -> dict[str, Any]:
    """``data_dict`` validated against ``schema``; ValidationError on any error.

    Values that cannot be stored (``storage_problem``) are refused first,
    before any validator of the schema sees them.
    """
    if not isinstance(data_dict, dict):
        raise tk.ValidationError({"__input": [tk._("Send the parameters as a JSON object")]})
    problems = input_problems(data_dict, schema)
    if problems:
        raise tk.ValidationError(problems)
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data


def schema_limit(validators_of_field: Any) -> int:
    """The text limit of an action-schema field: long if its validators say so."""
    if isinstance(validators_of_field, list) and long_text_marker in validators_of_field:
        return LONG_TEXT_LIMIT
    return LINE_LIMIT


def long_text_marker(value: Any) -> Any:
    """In an action schema's list: this field holds long text (``LONG_TEXT_LIMIT``)."""
    return value


def input_problems(data_dict: dict[str, Any], schema: dict[str, Any]) -> dict[str, list[str]]:
    """Field -> the storage problem of its value, for the top-level keys of the input."""
    errors: dict[str, list[str]] = {}
    for key, value in data_dict.items():
        sub = schema.get(key) if isinstance(key, str) else None
        if isinstance(sub, dict) and isinstance(value, list):
            limit = max([schema_limit(v) for v in sub.values()] or [LINE_LIMIT])
        else:
            limit = schema_limit(sub)
        problem = storage_problem(key, LINE_LIMIT) if not isinstance(key, str) or key else None
        problem = problem or storage_problem(value, limit)
        if not problem and isinstance(sub, dict) and not blank(value) and not (
                isinstance(value, list) and all(isinstance(row, dict) for row in value)):
            # navl would refuse it with a DataError: an HTTP 400 keyed by nothing.
            problem = tk._("Give a list of entries, each with its own fields")
        if problem:
            errors[str(key) if storage_problem(str(key), LINE_LIMIT) is None else "__key"] = [problem]
    return errors


# --- records of ckanext-scheming --------------------------------------------

@scheming_validator
def thainguyen_required_once_classified(field: Any, schema: dict[str, Any]) -> Any:
    """Required once the dataset is classified (``core.classification``);
    before that, optional as every field of the site's own datasets is."""
    not_empty = tk.get_validator("not_empty")

    def validator(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> Any:
        if is_classified(data, schema, context):
            return not_empty(key, data, errors, context)
        if blank(data.get(key)):
            # Not stored at all (a form's empty box included): the dataset
            # keeps only the fields the site gave it.
            data.pop(key, None)
            raise StopOnError
        return None
    return validator


@functools.lru_cache(maxsize=None)
def _core_package_fields() -> frozenset[str]:
    return frozenset(default_create_package_schema())


@scheming_validator
def thainguyen_unclassified_as_given(field: Any, schema: dict[str, Any]) -> Any:
    """Schema ``before_validators``: an unclassified dataset stores no blank
    value of the record type's own fields (the empty boxes of a form), so a
    save leaves it with the fields the site gave it and no others."""
    own = [f["field_name"] for f in schema.get("dataset_fields", [])
           if f["field_name"] not in _core_package_fields()]

    def validator(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
        if is_classified(data, schema, context):
            return
        for name in own:
            if (name,) in data and blank(data[(name,)]):
                data[(name,)] = missing
    return validator


def plain_text_field(field: dict[str, Any]) -> bool:
    """A field holding one text value: no choices, subfields or multiple
    values, and validators that are scheming's default or say ``unicode_safe``
    (a year or an amount has its own)."""
    own = field.get("validators")
    if own is not None and "unicode_safe" not in str(own).split():
        return False
    return not (field.get("choices") or field.get("choices_helper")
                or field.get("repeating_subfields")
                or str(field.get("preset", "")).startswith("multiple")
                or field.get("field_name") in ("tag_string", "owner_org"))


def field_limit(field: dict[str, Any]) -> int:
    return LONG_TEXT_LIMIT if field.get("form_snippet") == "markdown.html" else LINE_LIMIT


def _record_field(schema: dict[str, Any], key: tuple[Any, ...]) -> Optional[dict[str, Any]]:
    """The scheming field definition of a flattened key, if any."""
    fields = {f["field_name"]: f for f in schema.get("dataset_fields", [])}
    if key[0] == "resources" and len(key) == 3:
        fields = {f["field_name"]: f for f in schema.get("resource_fields", [])}
        return fields.get(key[2])
    field = fields.get(key[0])
    if field is not None and len(key) == 3 and field.get("repeating_subfields"):
        return {f["field_name"]: f for f in field["repeating_subfields"]}.get(key[2])
    return field if len(key) == 1 else None


_GUARDED = "thainguyen_guarded_keys"


@scheming_validator
def thainguyen_record_guard(field: Any, schema: dict[str, Any]) -> Any:
    """Schema-wide ``__before`` validator of every scheming record type: the
    storage check on every value, and text only in plain-text fields.

    A refused value is taken out (``missing``) so no later validator sees it;
    ``thainguyen_record_guard_after`` then leaves its message alone on the field.
    """
    dataset_fields = {f["field_name"]: f for f in schema.get("dataset_fields", [])}

    def problem_of(data_key: tuple[Any, ...], value: Any) -> tuple[tuple[Any, ...], Optional[str]]:
        for part in data_key:
            if storage_problem(part, LINE_LIMIT):
                return data_key[:1], storage_problem(part, LINE_LIMIT)
        definition = _record_field(schema, data_key)
        top = dataset_fields.get(data_key[0])
        if definition is None and top is not None and plain_text_field(top):
            # A list of dicts given for a text field, flattened by navl.
            return data_key[:1], tk._("Enter text")
        limit = field_limit(definition) if definition else LONG_TEXT_LIMIT
        problem = storage_problem(value, limit)
        if problem is None and definition is not None and plain_text_field(definition) \
                and not blank(value) and not isinstance(value, str):
            problem = tk._("Enter text")
        return data_key, problem

    def validator(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
        guarded = context.setdefault(_GUARDED, {})
        for data_key in list(data):
            if not isinstance(data_key, tuple) or not data_key or data_key[-1] in ("__before", "__after"):
                continue
            target, problem = problem_of(data_key, data[data_key])
            if problem:
                guarded.setdefault(target, problem)
                data[data_key] = missing
                errors.setdefault(target, [])
    return validator


def thainguyen_record_guard_after(key: Any, data: dict[Any, Any], errors: dict[Any, Any],
                                  context: Any) -> None:
    """``__after`` partner of ``thainguyen_record_guard``: a refused value's
    field shows why it was refused, not what the validators said of the gap."""
    for target, problem in context.pop(_GUARDED, {}).items():
        errors[target] = [problem]


def guard_record_schemas() -> None:
    """Add the guard to every schema ckanext-scheming has loaded (idempotent)."""
    for schema in (scheming_dataset_schemas(expanded=True) or {}).values():
        before = schema.get("before_validators") or ""
        if "thainguyen_record_guard" not in before.split():
            schema["before_validators"] = f"thainguyen_record_guard {before}".strip()
        after = schema.get("after_validators") or ""
        if "thainguyen_record_guard_after" not in after.split():
            schema["after_validators"] = f"{after} thainguyen_record_guard_after".strip()
