"""Contest pages for judges and organisers, and the results page
(registered on the ``thainguyen_contest`` blueprint by views/contest.py)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.thainguyen import contest
from ckanext.thainguyen.views import contest as pages


def judge_page(edition: str) -> Any:
    login = pages._require_login()
    if login is not None:
        return login
    ed = pages._edition_or_abort(edition)
    try:
        entries = pages._call("thainguyen_judge_assignments", {"id": ed["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the judges of this contest edition may do this"))
    left = [e for e in entries if e["scorable"] and e["scores"] is None]
    return tk.render("thainguyen/contest/judge.html", {
        "edition": ed, "entries": entries, "left": left})


def score_page(id: str) -> Any:
    login = pages._require_login()
    if login is not None:
        return login
    pkg = pages._entry_or_abort(id)
    ed = pages._edition_or_abort(pkg["contest_edition"])
    if not pages._allowed("thainguyen_entry_score", {"id": pkg["id"]}):
        return tk.abort(403, tk._("Only the judges of this contest edition may score entries"))
    mine = next((e for e in pages._call("thainguyen_judge_assignments", {"id": ed["id"]})
                 if e["id"] == pkg["id"]), None)
    sheet = {"scores": (mine or {}).get("scores") or {}, "comment": (mine or {}).get("comment") or ""}
    errors: dict[str, Any] = {}
    if tk.request.method == "POST":
        form = tk.request.form
        sheet = {"scores": {c["name"]: form.get(f"score-{c['name']}", "") for c in ed["criteria"]},
                 "comment": form.get("comment", "")}
        try:
            pages._call("thainguyen_entry_score", dict(sheet, id=pkg["id"]))
            tk.h.flash_success(tk._("Your scores have been saved."))
            return tk.redirect_to("thainguyen_contest.judge_page", edition=ed["name"])
        except tk.ValidationError as e:
            errors = pages._flat_errors(e.error_dict)
    return tk.render("thainguyen/contest/score.html", {
        "entry": pkg, "edition": ed, "sheet": sheet, "errors": errors})


def dashboard(edition: str) -> Any:
    login = pages._require_login()
    if login is not None:
        return login
    ed = pages._edition_or_abort(edition)
    try:
        stats = pages._call("thainguyen_contest_stats", {"id": ed["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the organisers of this contest edition may do this"))
    ranking = pages._call("thainguyen_contest_results", {"id": ed["id"]})["ranking"]
    entries = _entries_for_organiser(ed)
    return tk.render("thainguyen/contest/dashboard.html", {
        "edition": ed, "stats": stats, "ranking": ranking, "entries": entries,
        "statuses": contest.STATUSES, "prize_levels": contest.PRIZE_LEVELS,
        "transitions": {k: sorted(v) for k, v in contest.ORGANISER_TRANSITIONS.items()},
    })


def _entries_for_organiser(ed: dict[str, Any]) -> list[dict[str, Any]]:
    import ckan.model as model
    from ckanext.thainguyen.model.contest import ContestEntry

    rows = (model.Session.query(ContestEntry, model.Package)
            .join(model.Package, model.Package.id == ContestEntry.package_id)
            .filter(ContestEntry.edition_id == ed["id"], model.Package.state == "active")
            .order_by(ContestEntry.submitted, model.Package.name))
    return [{"id": p.id, "name": p.name, "title": p.title, "status": s.status,
             "prize": s.prize} for s, p in rows if s.status != contest.DRAFT]


def organiser_post(edition: str, op: str) -> Any:
    login = pages._require_login()
    if login is not None:
        return login
    ed = pages._edition_or_abort(edition)
    form = tk.request.form
    calls = {
        "status": ("thainguyen_entry_set_status", {"id": form.get("entry"), "status": form.get("status")}),
        "award": ("thainguyen_entry_award", {"id": form.get("entry"), "prize": form.get("prize")}),
        "judge": ("thainguyen_judge_assign", {"id": ed["id"], "user": form.get("user"),
                                              "remove": form.get("remove", "false")}),
        "publish": ("thainguyen_contest_publish_results", {"id": ed["id"]}),
    }
    action, data = calls[op]
    try:
        pages._call(action, data)
        tk.h.flash_success(tk._("Saved."))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the organisers of this contest edition may do this"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Contest entry not found"))
    except tk.ValidationError as e:
        tk.h.flash_error(" ".join(pages._flat_errors(e.error_dict).values()))
    return tk.redirect_to("thainguyen_contest.dashboard", edition=ed["name"])


def results(edition: str) -> Any:
    ed = pages._edition_or_abort(edition)
    try:
        result = pages._call("thainguyen_contest_results", {"id": ed["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("The results of this edition are not published yet"))
    return tk.render("thainguyen/contest/results.html", {
        "edition": ed, "ranking": result["ranking"], "published": result["published"]})


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/<edition>/judge", view_func=judge_page, endpoint="judge_page")
    bp.add_url_rule("/entry/<id>/score", view_func=score_page, endpoint="score_page",
                    methods=["GET", "POST"])
    bp.add_url_rule("/<edition>/dashboard", view_func=dashboard, endpoint="dashboard")
    bp.add_url_rule("/<edition>/dashboard/<any(status, award, judge, publish):op>",
                    view_func=organiser_post, endpoint="organiser_post", methods=["POST"])
    bp.add_url_rule("/<edition>/results", view_func=results, endpoint="results")
