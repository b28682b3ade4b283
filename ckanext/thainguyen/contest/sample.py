"""Sample innovation contest for the demo portal (``sample.yaml``), loaded
by ``ckan thainguyen load-sample`` (idempotent).

The sample edition is in the past, so its entries are written with their
final status directly: the workflow actions would rightly refuse to submit
or score anything outside the edition's windows.
"""
from __future__ import annotations

import datetime
import os
import secrets
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import search

from ckanext.thainguyen.contest import rules
from ckanext.thainguyen.contest.model import ContestEdition, ContestEntry, ContestRole, ContestScore
from ckanext.thainguyen.core.sample import add_count, read_yaml

SAMPLE_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample.yaml")


def _ensure(kind: str, context: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    try:
        return tk.get_action(f"{kind}_show")(dict(context), {"id": data["name"]})
    except tk.ObjectNotFound:
        return tk.get_action(f"{kind}_create")(dict(context), data)


def load(context: dict[str, Any]) -> dict[str, int]:
    sample = read_yaml(SAMPLE_FILE)
    counts: dict[str, int] = {}
    org = _ensure("organization", context, sample["organization"])
    judge = _ensure("user", context, dict(sample["judge"], password=secrets.token_urlsafe(24)))

    data = dict(sample["edition"])
    published = datetime.datetime.fromisoformat(data.pop("results_published"))
    existing = rules.get_edition(data["name"])
    if existing is None:
        edition = tk.get_action("thainguyen_contest_edition_create")(dict(context), data)
        counts["contest edition created"] = 1
    else:
        edition = tk.get_action("thainguyen_contest_edition_update")(
            dict(context), dict(data, id=existing.id))
        counts["contest edition updated"] = 1
    if not model.Session.query(ContestRole).get((edition["id"], judge["id"], rules.JUDGE)):
        model.Session.add(ContestRole(edition_id=edition["id"], user_id=judge["id"], role=rules.JUDGE))

    for raw in sample["entries"]:
        entry = dict(raw)
        status, prize = entry.pop("status"), entry.pop("prize", None)
        submitted = datetime.datetime.fromisoformat(entry.pop("submitted"))
        scores = entry.pop("scores")
        pkg_data = dict(entry, type=rules.ENTRY_TYPE, owner_org=org["id"],
                        private=status != rules.AWARDED, contest_edition=edition["name"])
        try:
            pkg = tk.get_action("package_show")(dict(context), {"id": entry["name"]})
            tk.get_action("package_patch")(dict(context), dict(pkg_data, id=pkg["id"]))
            outcome = "updated"
        except tk.ObjectNotFound:
            pkg = tk.get_action("package_create")(dict(context), pkg_data)
            outcome = "created"
        add_count(counts, f"contest entry {outcome}")
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


def load_demo(context: dict[str, Any], accounts: Any) -> dict[str, int]:
    """IThainguyenFeature.load_demo: the sample edition's organiser, and two
    judges for the organiser to assign (the sample edition is judged already)."""
    edition = rules.get_edition(read_yaml(SAMPLE_FILE)["edition"]["name"])
    organiser = accounts.ensure(context, "contest-organiser", "ban-to-chuc-mau",
                                "Ban Tổ chức cuộc thi (mẫu)")
    if not rules.has_role(organiser, edition, rules.ORGANISER):
        tk.get_action("thainguyen_organiser_assign")(
            dict(context), {"id": edition.id, "user": organiser.name})
    for n in (1, 2):
        accounts.ensure(context, "judge", f"giam-khao-{n}-mau", f"Giám khảo {n} (mẫu)")
    return {}
