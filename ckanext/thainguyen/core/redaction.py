"""Hidden fields of a record type, and the one redaction applied to every copy of a record.

A record type's scheming schema marks the fields that not every reader of
the record may see, on the field or on a repeating subfield::

    thainguyen_visibility: personal                 # personal data
    thainguyen_visibility: embargoed_until_results  # an outcome kept back

Fields the extension computes (never form fields) are declared the same way
under the schema's top-level ``thainguyen_derived_fields``. Optional keys:
``thainguyen_embargoed_values`` (only these values are hidden) and
``thainguyen_hidden_as`` (what is shown instead; by default the field goes).
Who may see each kind is the record type's (``RecordType``); ``records``
applies this redaction to package_show, search results, the index and
activity data.

Activity data holds whole dataset dicts and old values of changed fields, so
a secret (a resource URL, a team member's e-mail) can sit in any string:
``blank_strings_holding`` blanks those.
"""
from __future__ import annotations

import dataclasses
import json
from typing import Any, Iterable, Optional

PERSONAL = "personal"
EMBARGOED = "embargoed_until_results"
VISIBILITIES = (PERSONAL, EMBARGOED)

VISIBILITY_KEY = "thainguyen_visibility"
DERIVED_KEY = "thainguyen_derived_fields"
VALUES_KEY = "thainguyen_embargoed_values"
HIDDEN_AS_KEY = "thainguyen_hidden_as"

# CKAN's stored copies of a dataset inside its Solr document (JSON text);
# on 2.11 data_dict embeds validated_data_dict as well.
STORED_COPIES = ("data_dict", "validated_data_dict")


@dataclasses.dataclass(frozen=True)
class HiddenField:
    field: str
    visibility: str
    subfield: Optional[str] = None
    values: Optional[tuple[str, ...]] = None
    hidden_as: Optional[str] = None
    derived: bool = False


def _declared(block: dict[str, Any], field: str, subfield: Optional[str],
              derived: bool) -> HiddenField:
    visibility = block[VISIBILITY_KEY]
    if visibility not in VISIBILITIES:
        raise ValueError(f"{VISIBILITY_KEY} of {field}: {visibility!r} is not one of {VISIBILITIES}")
    values = block.get(VALUES_KEY)
    return HiddenField(field=field, visibility=visibility, subfield=subfield,
                       values=tuple(str(v) for v in values) if values else None,
                       hidden_as=block.get(HIDDEN_AS_KEY), derived=derived)


def declared_fields(schema: Optional[dict[str, Any]]) -> tuple[HiddenField, ...]:
    """The hidden fields a scheming dataset schema declares."""
    found = []
    for block in (schema or {}).get("dataset_fields") or []:
        if block.get(VISIBILITY_KEY):
            found.append(_declared(block, block["field_name"], None, False))
        for sub in block.get("repeating_subfields") or []:
            if sub.get(VISIBILITY_KEY):
                found.append(_declared(sub, block["field_name"], sub["field_name"], False))
    for block in (schema or {}).get(DERIVED_KEY) or []:
        found.append(_declared(block, block["field_name"], None, True))
    return tuple(found)


# ------------------------------------------------------------------ redaction
def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif value not in (None, ""):
        yield str(value)


def _without_subfield(value: Any, subfield: str, removed: set[str]) -> Any:
    """A repeating field (a list of dicts, or its JSON as stored) without ``subfield``."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return "[]"
        return json.dumps(_without_subfield(parsed, subfield, removed), ensure_ascii=False)
    if isinstance(value, list):
        redacted = []
        for item in value:
            if isinstance(item, dict) and subfield in item:
                removed.update(_strings(item[subfield]))
                item = {k: v for k, v in item.items() if k != subfield}
            redacted.append(item)
        return redacted
    return value


def _redact_key(holder: dict[str, Any], key: str, spec: HiddenField, removed: set[str]) -> None:
    if key not in holder:
        return
    if spec.subfield is not None:
        holder[key] = _without_subfield(holder[key], spec.subfield, removed)
        return
    value = holder[key]
    if spec.values is not None and str(value) not in spec.values:
        return
    removed.update(_strings(value))
    if spec.hidden_as is None:
        del holder[key]
    else:
        holder[key] = spec.hidden_as


def redact(pkg_dict: dict[str, Any], hidden: Iterable[HiddenField]) -> set[str]:
    """Take the ``hidden`` fields out of ``pkg_dict`` in place, wherever
    CKAN keeps a copy: the field, its extra, its ``extras_*`` index field
    (and ``extras_<field>__<subfield>``, ckanext-dcat's) and the stored
    copies of the dataset (JSON inside the dict).

    Returns the personal values taken out (to blank them where they were
    copied into text); embargoed values are words such as "first", too
    common to blank.
    """
    hidden = tuple(hidden)
    personal: set[str] = set()
    for spec in hidden:
        taken: set[str] = set()
        _redact_key(pkg_dict, spec.field, spec, taken)
        _redact_key(pkg_dict, f"extras_{spec.field}", spec, taken)
        if spec.subfield is not None:
            # ckanext-dcat indexes each subfield of a repeating field on its
            # own, its values joined (DCATPlugin.before_dataset_index).
            pkg_dict.pop(f"extras_{spec.field}__{spec.subfield}", None)
        extras = pkg_dict.get("extras")
        if isinstance(extras, list):
            kept = []
            for extra in extras:
                if isinstance(extra, dict) and extra.get("key") == spec.field:
                    as_dict = {spec.field: extra.get("value")}
                    _redact_key(as_dict, spec.field, spec, taken)
                    if spec.field not in as_dict:
                        continue
                    extra = dict(extra, value=as_dict[spec.field])
                kept.append(extra)
            pkg_dict["extras"] = kept
        if spec.visibility == PERSONAL:
            personal |= taken
    for key in STORED_COPIES:
        raw = pkg_dict.get(key)
        if isinstance(raw, dict):
            personal |= redact(raw, hidden)
        elif isinstance(raw, str) and raw:
            try:
                stored = json.loads(raw)
            except ValueError:
                del pkg_dict[key]
                continue
            if isinstance(stored, dict):
                personal |= redact(stored, hidden)
                pkg_dict[key] = json.dumps(stored)
    return personal


def blank_strings_holding(value: Any, secrets: set[str]) -> Any:
    """``value`` with every string that contains one of ``secrets`` blanked."""
    if isinstance(value, dict):
        return {key: blank_strings_holding(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [blank_strings_holding(item, secrets) for item in value]
    if isinstance(value, str) and any(secret in value for secret in secrets):
        return ""
    return value
