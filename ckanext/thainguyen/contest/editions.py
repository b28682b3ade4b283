"""What an edition may no longer change once entries or scores rely on it.

Entries name their edition and category (``contest_edition``,
``contest_category``) and score sheets are keyed by criterion name, so an
update that renamed them would orphan those records: the entries would fail
validation on their next edit and the ranking could not be computed.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.thainguyen.contest.model import ContestEdition, ContestEntry, ContestScore


def _entry_packages(edition: ContestEdition) -> list[model.Package]:
    rows = (model.Session.query(model.Package)
            .join(ContestEntry, ContestEntry.package_id == model.Package.id)
            .filter(ContestEntry.edition_id == edition.id, model.Package.state != "deleted"))
    return list(rows)


def _scored(edition: ContestEdition) -> bool:
    return model.Session.query(ContestScore).join(
        ContestEntry, ContestEntry.package_id == ContestScore.package_id).filter(
        ContestEntry.edition_id == edition.id).count() > 0


def update_conflicts(edition: ContestEdition, data: dict[str, Any]) -> dict[str, list[str]]:
    """Errors of a validated update of ``edition`` (empty if it may go ahead)."""
    errors: dict[str, list[str]] = {}
    entries = _entry_packages(edition)
    if entries and data["name"] != edition.name:
        errors["name"] = [tk._("This edition has entries: its URL can no longer change")]
    kept = {c["name"] for c in data["categories"]}
    used = {(pkg.extras or {}).get("contest_category") for pkg in entries}
    used.discard(None)
    if used - kept:
        errors["categories"] = [tk._("Categories in use by entries cannot be removed: %s")
                                % ", ".join(sorted(used - kept))]
    before = sorted(c["name"] for c in edition.criteria)
    if sorted(c["name"] for c in data["criteria"]) != before and _scored(edition):
        errors["criteria"] = [tk._("Entries have been scored: criteria can be relabelled "
                                   "and reweighted, but not added or removed")]
    weights = {c["name"]: c["weight"] for c in data["criteria"]}
    if edition.results_published is not None and weights != {
            c["name"]: c["weight"] for c in edition.criteria}:
        # The published scores and ranks are computed with the weights.
        errors["criteria"] = [tk._("The results of this edition are published: its criteria "
                                   "and their weights can no longer change")]
    return errors
