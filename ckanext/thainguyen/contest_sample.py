"""Sample innovation contest for the demo portal (idempotent).

The sample edition is in the past, so its entries are written with their
final status directly: the workflow actions would rightly refuse to submit
or score anything outside the edition's windows.
"""
from __future__ import annotations

import datetime
import os
import secrets
from typing import Any

import yaml

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import search

from ckanext.thainguyen import contest
from ckanext.thainguyen.model.contest import ContestEdition, ContestEntry, ContestRole, ContestScore

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample", "contest.yaml")


def _ensure(kind: str, context: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    try:
        return tk.get_action(f"{kind}_show")(dict(context), {"id": data["name"]})
    except tk.ObjectNotFound:
        return tk.get_action(f"{kind}_create")(dict(context), data)


def load(context: dict[str, Any]) -> dict[str, int]:
    with open(SAMPLE, encoding="utf-8") as f:
        sample = yaml.safe_load(f)
    counts: dict[str, int] = {}
    org = _ensure("organization", context, sample["organization"])
    judge = _ensure("user", context, dict(sample["judge"], password=secrets.token_urlsafe(24)))

    data = dict(sample["edition"])
    published = datetime.datetime.fromisoformat(data.pop("results_published"))
    existing = contest.get_edition(data["name"])
    if existing is None:
        edition = tk.get_action("thainguyen_contest_edition_create")(dict(context), data)
        counts["contest edition created"] = 1
    else:
        edition = tk.get_action("thainguyen_contest_edition_update")(
            dict(context), dict(data, id=existing.id))
        counts["contest edition updated"] = 1
    if not model.Session.query(ContestRole).get((edition["id"], judge["id"], contest.JUDGE)):
        model.Session.add(ContestRole(edition_id=edition["id"], user_id=judge["id"], role=contest.JUDGE))

    for raw in sample["entries"]:
        entry = dict(raw)
        status, prize = entry.pop("status"), entry.pop("prize", None)
        submitted = datetime.datetime.fromisoformat(entry.pop("submitted"))
        scores = entry.pop("scores")
        pkg_data = dict(entry, type=contest.ENTRY_TYPE, owner_org=org["id"],
                        private=status != contest.AWARDED, contest_edition=edition["name"])
        try:
            pkg = tk.get_action("package_show")(dict(context), {"id": entry["name"]})
            tk.get_action("package_patch")(dict(context), dict(pkg_data, id=pkg["id"]))
            outcome = "updated"
        except tk.ObjectNotFound:
            pkg = tk.get_action("package_create")(dict(context), pkg_data)
            outcome = "created"
        counts[f"contest entry {outcome}"] = counts.get(f"contest entry {outcome}", 0) + 1
        state = model.Session.query(ContestEntry).get(pkg["id"]) or ContestEntry(
            package_id=pkg["id"], edition_id=edition["id"])
        state.status, state.prize, state.submitted = status, prize, submitted
        state.status_changed = published
        model.Session.add(state)
        sheet = model.Session.query(ContestScore).filter_by(
            package_id=pkg["id"], judge_id=judge["id"]).first() or ContestScore(
            package_id=pkg["id"], judge_id=judge["id"])
        sheet.scores, sheet.comment, sheet.modified = scores, "", published
        model.Session.add(sheet)

    model.Session.query(ContestEdition).get(edition["id"]).results_published = published
    model.Session.commit()
    for raw in sample["entries"]:
        search.rebuild(model.Package.get(raw["name"]).id)
    return counts
