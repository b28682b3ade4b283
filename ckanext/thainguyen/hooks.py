"""Per-dataset-type hooks behind the plugin's IPackageController methods.

One plugin class implements IPackageController for every record type of the
extension; each feature module (``sharing``, ``contest``, ``science``)
registers what it needs for its own dataset type, so features stay in their
own modules and never step on each other in ``plugin.py``.

Hook signatures:
- ``after_show(context, pkg_dict)``: change ``pkg_dict`` in place (package_show).
- ``after_search_result(context, pkg_dict)``: change one package_search
  result in place (search results do not go through after_dataset_show).
- ``before_index(pkg_dict)``: change the dict sent to Solr in place.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Callable

Hook = Callable[..., None]

_hooks: dict[str, dict[str, list[Hook]]] = defaultdict(lambda: defaultdict(list))

ANY_TYPE = "*"


def register(kind: str, dataset_type: str = ANY_TYPE) -> Callable[[Hook], Hook]:
    """Decorator: run the function as hook ``kind`` for ``dataset_type``."""
    def decorator(fn: Hook) -> Hook:
        _hooks[kind][dataset_type].append(fn)
        return fn
    return decorator


def _for(kind: str, dataset_type: str | None) -> list[Hook]:
    by_type = _hooks[kind]
    return by_type.get(ANY_TYPE, []) + by_type.get(dataset_type or "dataset", [])


def after_show(context: Any, pkg_dict: dict[str, Any]) -> None:
    for fn in _for("after_show", pkg_dict.get("type")):
        fn(context, pkg_dict)


def after_search(context: Any, search_results: dict[str, Any]) -> None:
    for result in search_results.get("results", []):
        for fn in _for("after_search_result", result.get("type")):
            fn(context, result)


def before_index(pkg_dict: dict[str, Any]) -> None:
    hooks = _for("before_index", pkg_dict.get("dataset_type") or pkg_dict.get("type"))
    for fn in hooks:
        fn(pkg_dict)


def loads_validated(pkg_dict: dict[str, Any]) -> dict[str, Any] | None:
    """The validated dict CKAN stores in Solr (served by package_search)."""
    raw = pkg_dict.get("validated_data_dict")
    return json.loads(raw) if raw else None


def dumps_validated(pkg_dict: dict[str, Any], validated: dict[str, Any]) -> None:
    pkg_dict["validated_data_dict"] = json.dumps(validated)
