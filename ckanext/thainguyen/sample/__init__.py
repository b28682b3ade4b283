"""Sample content for the demo portal, loaded by ``ckan thainguyen load-sample``.

Loading is idempotent: what already exists (by name) is updated in place
when the sample changed and left alone otherwise, so running the demo command
again never duplicates anything and costs little.
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
    if all(existing.get(key) == value for key, value in data.items()):
        # Nothing to write: keeps a repeat load fast and the activity stream clean.
        return "unchanged"
    tk.get_action(f"{kind}_patch")(dict(context), dict(data, id=existing["id"]))
    return "updated"


def organization_titles() -> dict[str, str]:
    return {org["name"]: org["title"] for org in _read("organizations.yaml")}


def load(context: dict[str, Any]) -> dict[str, int]:
    """Create or update the sample organisations and catalogue entries."""
    counts: dict[str, int] = {}
    for org in _read("organizations.yaml"):
        outcome = _upsert("organization", context, org)
        counts[f"organization {outcome}"] = counts.get(f"organization {outcome}", 0) + 1
    from ckanext.thainguyen.sample import catalogue
    counts.update(catalogue.load(context))
    # Science projects reference catalogue entries, so they come after them.
    from ckanext.thainguyen import science_sample
    for what, n in science_sample.load(context).items():
        counts[what] = counts.get(what, 0) + n
    from ckanext.thainguyen import contest_sample
    counts.update(contest_sample.load(context))
    catalogue.index_missing()
    return counts
