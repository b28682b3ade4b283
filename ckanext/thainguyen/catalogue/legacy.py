"""Numbering the resources that CKAN never numbered, before an edit (see ``action``).

Resources written straight into the database, as an old site's imports did
before the extension, can have no ``position``. CKAN 2.12 indexes lists
with it when a dataset or one of its resources is edited (package_update
keeps unchanged resources by position, resource_update and resource_patch
find the resource by it) and fails with a TypeError. They are numbered in
the order the dataset shows them, in the edit's own transaction: an edit
that is refused (for instance an unclassified entry still missing its
catalogue fields) is rolled back with its numbering.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen.core.storable import lookup_key


def _resources(package_id: str) -> list[model.Resource]:
    # Queried, not through Package.resources_all: loading that ordering_list
    # numbers the rows in memory, which would hide them from the checks here.
    return (model.Session.query(model.Resource)
            .filter(model.Resource.package_id == package_id,
                    model.Resource.state != "deleted")
            .order_by(model.Resource.position)  # unnumbered last, as shown
            .all())


def _number_resources(package_id: str) -> bool:
    """Number the resources of the package if some have no position."""
    resources = _resources(package_id)
    if all(r.position is not None for r in resources):
        return False
    for position, resource in enumerate(resources):
        resource.position = position
    model.Session.flush()
    return True


def _fill_positions(resource_dicts: Any, package_id: str) -> None:
    # Dicts shown before the numbering (from the search index, too) lack it.
    unnumbered = [r for r in resource_dicts or []
                  if isinstance(r, dict) and "position" in r and r["position"] is None]
    if not unnumbered:
        return
    numbers = {r.id: r.position for r in _resources(package_id)}
    for resource in unnumbered:
        if resource.get("id") in numbers:
            resource["position"] = numbers[resource["id"]]


def _unnumbered(package_id: str) -> bool:
    return model.Session.query(model.Resource.id).filter(
        model.Resource.package_id == package_id, model.Resource.state != "deleted",
        model.Resource.position.is_(None)).first() is not None


def number_before_package_update(context: Any, data_dict: dict[str, Any]) -> None:
    ref = data_dict.get("id") or data_dict.get("name")
    package = model.Package.get(ref) if lookup_key(ref) else None
    if package is None:
        return
    original = context.get("original_package")
    if _unnumbered(package.id):
        tk.check_access("package_update", context, data_dict)
        _number_resources(package.id)
        if not original or original.get("id") != package.id:
            # CKAN would otherwise compare with the index's copy, unnumbered.
            original = context["original_package"] = tk.get_action("package_show")(
                tk.fresh_context(context, ignore_auth=True, use_cache=False),
                {"id": package.id})
    if original and original.get("id") == package.id:
        _fill_positions(original.get("resources"), package.id)
        _fill_positions(data_dict.get("resources"), package.id)


def number_before_resource_edit(action: str, context: Any, data_dict: dict[str, Any]) -> None:
    ref = data_dict.get("id")
    resource = model.Resource.get(ref) if lookup_key(ref) else None
    if resource is not None and _unnumbered(resource.package_id):
        tk.check_access(action, context, data_dict)
        _number_resources(resource.package_id)
