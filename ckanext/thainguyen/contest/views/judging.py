"""Contest pages for judges and organisers, and the results page.

- ``/contest/<edition>/judge`` and ``/contest/entry/<id>/score``: judging;
- ``/contest/<edition>/dashboard``: the organisers' dashboard;
- ``/contest/<edition>/results``: the published ranking.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.thainguyen.contest import rules
from ckanext.thainguyen.contest.model import ContestEntry
from ckanext.thainguyen.contest.views.common import (
    allowed, call, edition_or_abort, entry_or_abort, flash_errors, flat_errors, require_login,
)


def judge_page(edition: str) -> Any:
    login = require_login()
    if login is not None:
        return login
    ed = edition_or_abort(edition)
    try:
        entries = call("thainguyen_judge_assignments", {"id": ed["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the judges of this contest edition may do this"))
    left = [e for e in entries if e["scorable"] and e["scores"] is None]
    return tk.render("thainguyen/contest/judge.html", {
        "edition": ed, "entries": entries, "left": left})


def score_page(id: str) -> Any:
    login = require_login()
    if login is not None:
        return login
    pkg = entry_or_abort(id)
    ed = edition_or_abort(pkg["contest_edition"])
    if not allowed("thainguyen_entry_score", {"id": pkg["id"]}):
        return tk.abort(403, tk._("Only the judges of this contest edition may score entries"))
    mine = next((e for e in call("thainguyen_judge_assignments", {"id": ed["id"]})
                 if e["id"] == pkg["id"]), None)
    sheet = {"scores": (mine or {}).get("scores") or {}, "comment": (mine or {}).get("comment") or ""}
    errors: dict[str, Any] = {}
    if tk.request.method == "POST":
        form = tk.request.form
        sheet = {"scores": {c["name"]: form.get(f"score-{c['name']}", "") for c in ed["criteria"]},
                 "comment": form.get("comment", "")}
        try:
            call("thainguyen_entry_score", dict(sheet, id=pkg["id"]))
            tk.h.flash_success(tk._("Your scores have been saved."))
            return tk.redirect_to("thainguyen_contest.judge_page", edition=ed["name"])
        except tk.ValidationError as e:
            errors = flat_errors(e.error_dict)
    return tk.render("thainguyen/contest/score.html", {
        "entry": pkg, "edition": ed, "sheet": sheet, "errors": errors})


def dashboard(edition: str) -> Any:
    login = require_login()
    if login is not None:
        return login
    ed = edition_or_abort(edition)
    try:
        stats = call("thainguyen_contest_stats", {"id": ed["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the organisers of this contest edition may do this"))
    ranking = call("thainguyen_contest_results", {"id": ed["id"]})["ranking"]
    entries = _entries_for_organiser(ed)
    return tk.render("thainguyen/contest/dashboard.html", {
        "edition": ed, "stats": stats, "ranking": ranking, "entries": entries,
        "statuses": rules.STATUSES, "prize_levels": rules.PRIZE_LEVELS,
        "transitions": {k: sorted(v) for k, v in rules.ORGANISER_TRANSITIONS.items()},
    })


def _entries_for_organiser(ed: dict[str, Any]) -> list[dict[str, Any]]:
    rows = (model.Session.query(ContestEntry, model.Package)
            .join(model.Package, model.Package.id == ContestEntry.package_id)
            .filter(ContestEntry.edition_id == ed["id"], model.Package.state == "active")
            .order_by(ContestEntry.submitted, model.Package.name))
    return [{"id": p.id, "name": p.name, "title": p.title, "status": s.status,
             "prize": s.prize} for s, p in rows if s.status != rules.DRAFT]


def organiser_post(edition: str, op: str) -> Any:
    login = require_login()
    if login is not None:
        return login
    ed = edition_or_abort(edition)
    form = tk.request.form
    calls = {
        "status": ("thainguyen_entry_set_status", {"id": form.get("entry"), "status": form.get("status")}),
        "award": ("thainguyen_entry_award", {"id": form.get("entry"), "prize": form.get("prize")}),
        "judge": ("thainguyen_judge_assign", {"id": ed["id"], "user": form.get("user"),
                                              "remove": form.get("remove", "false")}),
        "publish": ("thainguyen_contest_publish_results", {"id": ed["id"]}),
        "correct": ("thainguyen_contest_correct_result", {"id": form.get("entry"), "prize": form.get("prize"),
                                                          "reason": form.get("reason")}),
    }
    action, data = calls[op]
    try:
        call(action, data)
        tk.h.flash_success(tk._("Saved."))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the organisers of this contest edition may do this"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Contest entry not found"))
    except tk.ValidationError as e:
        flash_errors(e)
    return tk.redirect_to("thainguyen_contest.dashboard", edition=ed["name"])


def results(edition: str) -> Any:
    ed = edition_or_abort(edition)
    try:
        result = call("thainguyen_contest_results", {"id": ed["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("The results of this edition are not published yet"))
    return tk.render("thainguyen/contest/results.html", {
        "edition": ed, "ranking": result["ranking"], "published": result["published"],
        "corrections": result["corrections"]})
