"""Record types and their hooks, gathered from the plugins of the extension.

One plugin (``thainguyen``) implements IPackageController for every record
type; each feature plugin declares its dataset types as ``RecordType``
through ``IThainguyenFeature.record_types`` and this module dispatches to
them. Unloading a plugin takes its hooks away with it.

Hook signatures:
- ``dataset_labels(package)``: the permission labels of a dataset, or None
  for CKAN's defaults.
- ``after_show(context, pkg_dict)``: change ``pkg_dict`` in place (package_show).
- ``after_search_result(context, pkg_dict)``: change one package_search
  result in place (search results do not go through after_dataset_show).
- ``before_index(pkg_dict)``: change the dict sent to Solr in place.

After a record type's own hook, the fields its schema declares hidden
(``core.redaction``) are taken out of every copy for whoever may not see
them: package_show, each search result (``fl`` ones too), activity data;
the Solr document never holds personal data, nor an embargoed value before
the embargo lifts, since any reader of a record could match on its fields.
"""
from __future__ import annotations

import copy
import json
from typing import Any, Optional

import ckan.plugins as p
from ckan import model

from ckanext.thainguyen.core import redaction
from ckanext.thainguyen.core.interfaces import IThainguyenFeature, RecordType
from ckanext.thainguyen.core.redaction import EMBARGOED, PERSONAL, HiddenField
from ckanext.thainguyen.core.storable import lookup_key
from ckanext.thainguyen.core.users import user_from_context

DEFAULT_DATASET_TYPE = "dataset"


def features() -> list[Any]:
    """The loaded plugins implementing IThainguyenFeature."""
    return list(p.PluginImplementations(IThainguyenFeature))


_by_type_cache: dict[tuple[int, ...], dict[str, RecordType]] = {}


def record_types() -> dict[str, RecordType]:
    loaded = features()
    key = tuple(id(plugin) for plugin in loaded)
    if key not in _by_type_cache:
        _by_type_cache.clear()
        _by_type_cache[key] = {
            record.dataset_type: record
            for plugin in loaded for record in plugin.record_types()
        }
    return _by_type_cache[key]


def record_type(dataset_type: Optional[str]) -> Optional[RecordType]:
    return record_types().get(dataset_type or DEFAULT_DATASET_TYPE)


def after_show(context: Any, pkg_dict: dict[str, Any]) -> None:
    record = record_type(pkg_dict.get("type"))
    if record is not None and record.after_show is not None:
        record.after_show(context, pkg_dict)
    show_to_viewer(context, pkg_dict)


def after_search(context: Any, search_results: dict[str, Any]) -> None:
    for result in search_results.get("results", []):
        record = record_type(result.get("type"))
        if record is not None and record.after_search_result is not None:
            record.after_search_result(context, result)
        # A whole dataset dict gets back what the viewer may see; one
        # limited by ``fl`` only loses what they may not.
        show_to_viewer(context, result, restore="resources" in result)


def before_index(pkg_dict: dict[str, Any]) -> None:
    dataset_type = pkg_dict.get("dataset_type") or pkg_dict.get("type")
    fields = hidden_fields(dataset_type)
    record = record_type(dataset_type)
    if record is not None and record.add_derived_fields is not None:
        record.add_derived_fields(pkg_dict)
    if fields and record is not None:
        pkg = model.Package.get(pkg_dict.get("id") or "")
        kinds = {PERSONAL}
        if pkg is None or not _embargo_lifted(record, pkg):
            kinds.add(EMBARGOED)
        hidden = [f for f in fields if f.visibility in kinds]
        secrets = redaction.redact(pkg_dict, hidden) | stored_values(pkg, hidden)
        if secrets and "text" in pkg_dict:
            pkg_dict["text"] = redaction.blank_strings_holding(pkg_dict["text"], secrets)
    if record is not None and record.before_index is not None:
        record.before_index(pkg_dict)


# ------------------------------------------------------------ hidden fields

_hidden_cache: dict[tuple[int, str], tuple[HiddenField, ...]] = {}


def hidden_fields(dataset_type: Optional[str]) -> tuple[HiddenField, ...]:
    """The fields the scheming schema of ``dataset_type`` declares hidden."""
    try:
        from ckanext.scheming.helpers import scheming_dataset_schemas
    except ImportError:
        return ()
    schemas = scheming_dataset_schemas() or {}
    key = (id(schemas), dataset_type or DEFAULT_DATASET_TYPE)
    if key not in _hidden_cache:
        _hidden_cache[key] = redaction.declared_fields(schemas.get(key[1]))
    return _hidden_cache[key]


def _embargo_lifted(record: RecordType, pkg: Any) -> bool:
    return bool(record.embargo_lifted and record.embargo_lifted(pkg))


def hidden_kinds(record: Optional[RecordType], user: Any, pkg: Any,
                 fields: tuple[HiddenField, ...]) -> set[str]:
    """Which kinds of hidden field (``PERSONAL``, ``EMBARGOED``) ``user``
    (a ``model.User`` or None) may not see on ``pkg``."""
    declared = {f.visibility for f in fields}
    if user is not None and user.sysadmin:
        return set()
    if pkg is None or record is None:
        return declared
    kinds = set()
    if PERSONAL in declared:
        rule = record.may_see_personal or is_creator
        if user is None or not rule(user, pkg):
            kinds.add(PERSONAL)
    if EMBARGOED in declared and not _embargo_lifted(record, pkg):
        rule = record.may_see_embargoed
        if user is None or rule is None or not rule(user, pkg):
            kinds.add(EMBARGOED)
    return kinds


def is_creator(user: Any, pkg: Any) -> bool:
    return bool(user is not None and pkg.creator_user_id == user.id)


def _type_of(pkg_dict: dict[str, Any], pkg: Any) -> Optional[str]:
    found = pkg_dict.get("type") or pkg_dict.get("dataset_type")
    for key in redaction.STORED_COPIES:
        if found or not isinstance(pkg_dict.get(key), str):
            break
        try:
            found = (json.loads(pkg_dict[key]) or {}).get("type")
        except (ValueError, AttributeError):
            pass
    return found or getattr(pkg, "type", None)


def _package_of(pkg_dict: dict[str, Any]) -> Any:
    ref = pkg_dict.get("id") or pkg_dict.get("name")
    if not ref:
        for key in redaction.STORED_COPIES:
            try:
                ref = (json.loads(pkg_dict.get(key) or "{}") or {}).get("id")
            except (ValueError, AttributeError, TypeError):
                continue
            if ref:
                break
    return model.Package.get(ref) if lookup_key(ref) else None


def show_to_viewer(context: Any, pkg_dict: dict[str, Any], restore: bool = True) -> None:
    """``pkg_dict`` (as shown or as found) with the hidden fields the asking
    user may not see taken out, and, if ``restore``, those they may see put
    back from the database (the Solr copy never holds them).

    Decided on who asks, never on ignore_auth: ckanext-activity and the
    indexer call package_show with ignore_auth and no user.
    """
    # Most records (catalogue entries) declare nothing: no query for them.
    dataset_type = _type_of(pkg_dict, None)
    pkg = _package_of(pkg_dict) if not dataset_type else None
    dataset_type = dataset_type or getattr(pkg, "type", None)
    fields = hidden_fields(dataset_type)
    if not fields:
        return
    pkg = pkg or _package_of(pkg_dict)
    record = record_type(dataset_type)
    kinds = hidden_kinds(record, user_from_context(context or {}), pkg, fields)
    redaction.redact(pkg_dict, [f for f in fields if f.visibility in kinds])
    if restore and pkg is not None:
        restore_stored(pkg_dict, [f for f in fields if f.visibility not in kinds and not f.derived], pkg)


def _stored(pkg: Any, field: str) -> Any:
    value = (pkg.extras or {}).get(field)
    return value if value not in (None, "") else None


def _stored_list(pkg: Any, field: str) -> list[Any]:
    try:
        value = json.loads(_stored(pkg, field) or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def restore_stored(pkg_dict: dict[str, Any], fields: list[HiddenField], pkg: Any) -> None:
    for spec in fields:
        if spec.subfield is None:
            if spec.field not in pkg_dict and _stored(pkg, spec.field) is not None:
                pkg_dict[spec.field] = _stored(pkg, spec.field)
            continue
        shown = pkg_dict.get(spec.field)
        if not isinstance(shown, list):
            continue
        for item, stored in zip(shown, _stored_list(pkg, spec.field)):
            if isinstance(item, dict) and isinstance(stored, dict) and spec.subfield in stored:
                item.setdefault(spec.subfield, stored[spec.subfield])


def stored_values(pkg: Any, fields: list[HiddenField]) -> set[str]:
    """The personal values of ``pkg`` in the database, to blank wherever copied."""
    if pkg is None:
        return set()
    values: set[str] = set()
    for spec in fields:
        if spec.visibility != PERSONAL or spec.derived:
            continue
        if spec.subfield is None:
            values.add(str(_stored(pkg, spec.field) or ""))
        else:
            values.update(str(item.get(spec.subfield) or "").strip()
                          for item in _stored_list(pkg, spec.field) if isinstance(item, dict))
    values.discard("")
    return values


def redact_activity(context: Any, activity: dict[str, Any]) -> None:
    """One activity (its data: a dataset dict, and for some types a step
    beside it) without what the asking user may not see of the record."""
    data = activity.get("data")
    if not isinstance(data, dict):
        return
    package = data.get("package") if isinstance(data.get("package"), dict) else None
    pkg = model.Package.get(activity.get("object_id") or (package or {}).get("id") or "")
    dataset_type = (package or {}).get("type") or getattr(pkg, "type", None)
    fields = hidden_fields(dataset_type)
    if not fields:
        return
    kinds = hidden_kinds(record_type(dataset_type), user_from_context(context or {}), pkg, fields)
    hidden = [f for f in fields if f.visibility in kinds]
    if not hidden:
        return
    secrets = redaction.redact(package, hidden) if package is not None else set()
    for spec in hidden:
        if spec.subfield is None and spec.visibility == EMBARGOED:
            # A workflow step recorded beside the dataset, under the field's name.
            data.pop(spec.field, None)
    secrets |= stored_values(pkg, hidden)
    if secrets:
        activity["data"] = redaction.blank_strings_holding(data, secrets)


def redacted_for_storage(data_dict: dict[str, Any]) -> dict[str, Any]:
    """``data_dict`` of activity_create without the record's personal data:
    an activity is history, served to every reader of the record, so it
    never keeps any (ckanext-activity stores a package_show made as whoever
    is signed in). Embargoed values stay: reads redact them until the
    embargo lifts (``redact_activity``)."""
    data = data_dict.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("package"), dict):
        return data_dict
    package = data["package"]
    pkg = None if package.get("type") else model.Package.get(
        data_dict.get("object_id") or package.get("id") or "")
    personal = [f for f in hidden_fields(package.get("type") or getattr(pkg, "type", None))
                if f.visibility == PERSONAL]
    if not personal:
        return data_dict
    pkg = pkg or model.Package.get(data_dict.get("object_id") or package.get("id") or "")
    data = copy.deepcopy(data)
    secrets = redaction.redact(data["package"], personal) | stored_values(pkg, personal)
    if secrets:
        data = redaction.blank_strings_holding(data, secrets)
    return dict(data_dict, data=data)


def loads_validated(pkg_dict: dict[str, Any]) -> dict[str, Any] | None:
    """The validated dict CKAN stores in Solr (served by package_search)."""
    raw = pkg_dict.get("validated_data_dict")
    return json.loads(raw) if raw else None


def dumps_validated(pkg_dict: dict[str, Any], validated: dict[str, Any]) -> None:
    pkg_dict["validated_data_dict"] = json.dumps(validated)
