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
"""
from __future__ import annotations

import json
from typing import Any, Optional

import ckan.plugins as p

from ckanext.thainguyen.core.interfaces import IThainguyenFeature, RecordType

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


def after_search(context: Any, search_results: dict[str, Any]) -> None:
    for result in search_results.get("results", []):
        record = record_type(result.get("type"))
        if record is not None and record.after_search_result is not None:
            record.after_search_result(context, result)


def before_index(pkg_dict: dict[str, Any]) -> None:
    record = record_type(pkg_dict.get("dataset_type") or pkg_dict.get("type"))
    if record is not None and record.before_index is not None:
        record.before_index(pkg_dict)


def loads_validated(pkg_dict: dict[str, Any]) -> dict[str, Any] | None:
    """The validated dict CKAN stores in Solr (served by package_search)."""
    raw = pkg_dict.get("validated_data_dict")
    return json.loads(raw) if raw else None


def dumps_validated(pkg_dict: dict[str, Any], validated: dict[str, Any]) -> None:
    pkg_dict["validated_data_dict"] = json.dumps(validated)
