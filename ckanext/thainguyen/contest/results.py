"""Ranking and statistics of an innovation-contest edition.

Ranking rule (documented for entrants in the rules page):
1. entries in competition with at least one score sheet, by weighted mean
   score, highest first. A sheet's score is sum(weight x score) / 100 over
   the edition's criteria (0-10); the entry's score is the mean of its
   sheets. Arithmetic is exact (fractions), so equal means really tie;
2. ties: more score sheets first (a mean over more judges is more reliable);
3. then the earlier submission;
4. then the entry's URL name, alphabetically (unique, so the order is total).
"""
from __future__ import annotations

import datetime
from collections import Counter
from fractions import Fraction
from typing import Any

import ckan.model as model

from ckanext.thainguyen.contest import rules
from ckanext.thainguyen.contest.model import (
    ContestCorrection, ContestEdition, ContestEntry, ContestScore,
)
from ckanext.thainguyen.core.dates import utc_iso


def sheet_score(edition: ContestEdition, scores: dict[str, Any]) -> Fraction:
    total = sum(
        (Fraction(c["weight"]) * Fraction(str(scores[c["name"]])) for c in edition.criteria),
        Fraction(0),
    )
    return total / 100


def _entries(edition: ContestEdition) -> list[tuple[ContestEntry, model.Package]]:
    rows = (
        model.Session.query(ContestEntry, model.Package)
        .join(model.Package, model.Package.id == ContestEntry.package_id)
        .filter(ContestEntry.edition_id == edition.id)
        .filter(model.Package.state == "active")
    )
    return list(rows)


def ranking(edition: ContestEdition) -> list[dict[str, Any]]:
    sheets: dict[str, list[ContestScore]] = {}
    for sheet in model.Session.query(ContestScore).join(
            ContestEntry, ContestEntry.package_id == ContestScore.package_id).filter(
            ContestEntry.edition_id == edition.id):
        sheets.setdefault(sheet.package_id, []).append(sheet)

    ranked = []
    for state, pkg in _entries(edition):
        entry_sheets = sheets.get(pkg.id, [])
        if state.status not in rules.IN_COMPETITION or not entry_sheets:
            continue
        mean = sum((sheet_score(edition, s.scores) for s in entry_sheets), Fraction(0)) / len(entry_sheets)
        per_criterion = {
            c["name"]: float(sum((Fraction(str(s.scores[c["name"]])) for s in entry_sheets),
                                 Fraction(0)) / len(entry_sheets))
            for c in edition.criteria
        }
        ranked.append({
            "_key": (-mean, -len(entry_sheets), state.submitted or datetime.datetime.max, pkg.name),
            "id": pkg.id,
            "name": pkg.name,
            "title": pkg.title,
            "category": (pkg.extras or {}).get("contest_category"),
            "entrant_type": (pkg.extras or {}).get("entrant_type"),
            "status": state.status,
            "prize": state.prize,
            "sheets": len(entry_sheets),
            "score": round(float(mean), 4),
            "criteria": per_criterion,
        })
    ranked.sort(key=lambda row: row["_key"])
    for position, row in enumerate(ranked, start=1):
        del row["_key"]
        row["rank"] = position
    return ranked


def stats(edition: ContestEdition) -> dict[str, Any]:
    entries = _entries(edition)
    judges = rules.role_user_ids(edition, rules.JUDGE)
    in_play = [(s, p) for s, p in entries if s.status in rules.IN_COMPETITION]
    scored = Counter(
        row[0] for row in model.Session.query(ContestScore.package_id).filter(
            ContestScore.package_id.in_([p.id for _, p in in_play] or [""])
        )
    )
    expected = len(in_play) * len(judges)
    done = sum(min(n, len(judges)) for n in scored.values())
    return {
        "total": len(entries),
        "by_status": dict(Counter(s.status for s, _ in entries)),
        "by_category": dict(Counter((p.extras or {}).get("contest_category") for s, p in in_play)),
        "by_entrant_type": dict(Counter((p.extras or {}).get("entrant_type") for s, p in in_play)),
        "judges": len(judges),
        "scoring": {
            "entries": len(in_play),
            "sheets_expected": expected,
            "sheets_done": done,
            "entries_unscored": sum(1 for _, p in in_play if not scored.get(p.id)),
        },
        "results_published": edition.results_published is not None,
    }


def corrections(edition: ContestEdition) -> list[dict[str, Any]]:
    """The corrections of the edition's published results, oldest first:
    published with the ranking (never who made them: a name is not needed
    to trust a result, the reason is)."""
    rows = (model.Session.query(ContestCorrection, model.Package)
            .join(model.Package, model.Package.id == ContestCorrection.package_id)
            .filter(ContestCorrection.edition_id == edition.id)
            .order_by(ContestCorrection.created, ContestCorrection.id))
    return [{
        "id": row.id, "entry": pkg.name, "title": pkg.title,
        "from_status": row.from_status, "from_prize": row.from_prize,
        "to_status": row.to_status, "to_prize": row.to_prize,
        "reason": row.reason, "created": utc_iso(row.created),
    } for row, pkg in rows]
