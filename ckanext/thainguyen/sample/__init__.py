"""Sample content for the demo portal, loaded by ``ckan thainguyen load-sample``.

Loading is idempotent: what already exists (by name) is updated in place, so
running the demo command again never duplicates anything.
"""
from __future__ import annotations

import os
from typing import Any

import yaml

import ckan.plugins.toolkit as tk

HERE = os.path.dirname(os.path.abspath(__file__))


def _read(name: str) -> list[dict[str, Any]]:
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return yaml.safe_load(f) or []


def _upsert(kind: str, context: dict[str, Any], data: dict[str, Any]) -> str:
    try:
        existing = tk.get_action(f"{kind}_show")(dict(context), {"id": data["name"]})
    except tk.ObjectNotFound:
        tk.get_action(f"{kind}_create")(dict(context), data)
        return "created"
    tk.get_action(f"{kind}_patch")(dict(context), dict(data, id=existing["id"]))
    return "updated"


def load(context: dict[str, Any]) -> dict[str, int]:
    """Create or update the sample organisations and catalogue entries."""
    counts: dict[str, int] = {}
    for org in _read("organizations.yaml"):
        outcome = _upsert("organization", context, org)
        counts[f"organization {outcome}"] = counts.get(f"organization {outcome}", 0) + 1
    for dataset in _read("catalogue.yaml"):
        outcome = _upsert("package", context, dataset)
        counts[f"dataset {outcome}"] = counts.get(f"dataset {outcome}", 0) + 1
    return counts
