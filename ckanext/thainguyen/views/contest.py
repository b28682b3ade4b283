"""Pages of the innovation contest (Vietnamese first).

- ``/contest/``: the editions; ``/contest/<edition>``: theme, rules,
  timeline, categories and, once published, the winners;
- ``/contest/<edition>/submit`` and ``/contest/entry/<id>/edit``: the
  submission form; ``/contest/entry/<id>``: an entry;
- ``/contest/<edition>/judge`` and ``/contest/entry/<id>/score``: judging;
- ``/contest/<edition>/dashboard``: the organisers' dashboard;
- ``/contest/<edition>/results``: the published ranking.

Every write goes through the actions, so a page never does more than the
API allows; refused input re-renders the form with its field errors.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.thainguyen import contest

__all__ = ["thainguyen_contest"]

thainguyen_contest = Blueprint("thainguyen_contest", __name__, url_prefix="/contest")

ENTRY_TEXT_FIELDS = ("title", "contest_category", "notes", "problem", "solution", "novelty",
                     "application_scope", "expected_impact", "stage", "entrant_type")
TEAM_FIELDS = ("name", "role", "organisation", "email", "phone")
TEAM_ROWS = 5


def _context() -> dict[str, Any]:
    user = tk.current_user
    if user and user.is_authenticated:
        return {"user": user.name, "auth_user_obj": user}
    return {"user": ""}


def _user() -> str:
    return _context()["user"]


def _call(action: str, data: dict[str, Any]) -> Any:
    return tk.get_action(action)(_context(), data)


def _allowed(action: str, data: dict[str, Any]) -> bool:
    try:
        tk.check_access(action, _context(), data)
        return True
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False


def _edition_or_abort(name: str) -> dict[str, Any]:
    try:
        return _call("thainguyen_contest_edition_show", {"id": name})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Contest edition not found"))


def _entry_or_abort(id: str) -> dict[str, Any]:
    try:
        pkg = _call("package_show", {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Contest entry not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not see this entry"))
    if pkg.get("type") != contest.ENTRY_TYPE:
        return tk.abort(404, tk._("Contest entry not found"))
    return pkg


def _require_login() -> Any:
    if not _user():
        return tk.redirect_to("user.login", came_from=tk.request.full_path.rstrip("?"))
    return None


def _flat_errors(errors: dict[str, Any]) -> dict[str, str]:
    out = {}
    for field, messages in errors.items():
        if isinstance(messages, list):
            out[field] = " ".join(str(m) if not isinstance(m, dict) else
                                  "; ".join(f"{k}: {' '.join(v)}" for k, v in m.items() if v)
                                  for m in messages)
        else:
            out[field] = str(messages)
    return out


@thainguyen_contest.get("/")
def index() -> str:
    editions = _call("thainguyen_contest_edition_list", {})
    return tk.render("thainguyen/contest/index.html", {"editions": editions})


@thainguyen_contest.get("/<edition>")
def edition_read(edition: str) -> str:
    ed = _edition_or_abort(edition)
    winners = []
    if ed["results_published"]:
        ranking = _call("thainguyen_contest_results", {"id": ed["id"]})["ranking"]
        winners = [r for r in ranking if r["prize"]]
        winners.sort(key=lambda r: (contest.PRIZE_LEVELS.index(r["prize"]), r["rank"]))
    return tk.render("thainguyen/contest/edition.html", {
        "edition": ed, "winners": winners,
        "is_organiser": _allowed("thainguyen_contest_stats", {"id": ed["id"]}),
        "is_judge": _allowed("thainguyen_judge_assignments", {"id": ed["id"]}),
        "submissions_open": _submissions_open(ed),
    })


def _submissions_open(ed: dict[str, Any]) -> bool:
    now = contest.utcnow().isoformat()
    return ed["submission_opens"] <= now <= ed["submission_closes"]


# ------------------------------------------------------------------ entries
def _form_data() -> dict[str, Any]:
    form = tk.request.form
    data = {field: form.get(field, "") for field in ENTRY_TEXT_FIELDS}
    team = []
    for i in range(TEAM_ROWS):
        member = {f: form.get(f"team-{i}-{f}", "").strip() for f in TEAM_FIELDS}
        if any(member.values()):
            team.append({k: v for k, v in member.items() if v})
    data["team"] = team
    return data


def _render_form(ed: dict[str, Any], data: dict[str, Any], errors: dict[str, Any],
                 entry: Any = None) -> str:
    team = list(data.get("team") or [])
    team += [{}] * max(0, TEAM_ROWS - len(team))
    return tk.render("thainguyen/contest/entry_form.html", {
        "edition": ed, "data": data, "team": team, "entry": entry,
        "errors": _flat_errors(errors), "team_fields": TEAM_FIELDS,
    })


@thainguyen_contest.route("/<edition>/submit", methods=["GET", "POST"])
def entry_new(edition: str) -> Any:
    login = _require_login()
    if login is not None:
        return login
    ed = _edition_or_abort(edition)
    if tk.request.method == "GET":
        return _render_form(ed, {}, {})
    data = dict(_form_data(), contest_edition=ed["name"])
    try:
        entry = _call("thainguyen_entry_create", data)
    except tk.ValidationError as e:
        return _render_form(ed, data, e.error_dict)
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    return _after_save(entry)


def _after_save(entry: dict[str, Any]) -> Any:
    if tk.request.form.get("save") == "submit":
        try:
            _call("thainguyen_entry_submit", {"id": entry["id"]})
            tk.h.flash_success(tk._("Your entry has been submitted."))
        except tk.ValidationError as e:
            tk.h.flash_error(" ".join(_flat_errors(e.error_dict).values()))
    else:
        tk.h.flash_success(tk._("Your draft has been saved."))
    return tk.redirect_to("thainguyen_contest.entry_read", id=entry["name"])


@thainguyen_contest.route("/entry/<id>/edit", methods=["GET", "POST"])
def entry_edit(id: str) -> Any:
    login = _require_login()
    if login is not None:
        return login
    pkg = _entry_or_abort(id)
    if not _allowed("thainguyen_entry_update", {"id": pkg["id"]}):
        return tk.abort(403, tk._("Only the entrant may edit an entry, and only while it is a draft"))
    ed = _edition_or_abort(pkg["contest_edition"])
    if tk.request.method == "GET":
        return _render_form(ed, pkg, {}, pkg)
    data = dict(_form_data(), id=pkg["id"])
    try:
        entry = _call("thainguyen_entry_update", data)
    except tk.ValidationError as e:
        return _render_form(ed, dict(pkg, **data), e.error_dict, pkg)
    return _after_save(entry)


@thainguyen_contest.get("/entry/<id>")
def entry_read(id: str) -> str:
    pkg = _entry_or_abort(id)
    ed = _edition_or_abort(pkg["contest_edition"])
    ref = {"id": pkg["id"]}
    return tk.render("thainguyen/contest/entry.html", {
        "entry": pkg, "edition": ed,
        "category_label": {c["name"]: c["label"] for c in ed["categories"]}.get(
            pkg.get("contest_category"), pkg.get("contest_category")),
        "can_edit": _allowed("thainguyen_entry_update", ref),
        "can_submit": _allowed("thainguyen_entry_submit", ref),
        "can_score": _allowed("thainguyen_entry_score", ref),
        "history": _status_history(ref),
    })


def _status_history(ref: dict[str, Any]) -> Any:
    """The entry's workflow steps, or None for those who may not see them
    (judges, and the public once the entry is awarded)."""
    try:
        return _call("thainguyen_entry_status_history", ref)["steps"]
    except tk.NotAuthorized:
        return None


@thainguyen_contest.post("/entry/<id>/<any(submit, withdraw):step>")
def entry_step(id: str, step: str) -> Any:
    login = _require_login()
    if login is not None:
        return login
    pkg = _entry_or_abort(id)
    try:
        _call(f"thainguyen_entry_{step}", {"id": pkg["id"]})
        tk.h.flash_success(tk._("Your entry has been submitted.") if step == "submit"
                           else tk._("Your entry has been withdrawn."))
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    except tk.ValidationError as e:
        tk.h.flash_error(" ".join(_flat_errors(e.error_dict).values()))
    return tk.redirect_to("thainguyen_contest.entry_read", id=pkg["name"])


@thainguyen_contest.post("/entry/<id>/attach")
def entry_attach(id: str) -> Any:
    login = _require_login()
    if login is not None:
        return login
    pkg = _entry_or_abort(id)
    upload = tk.request.files.get("upload")
    data = {"id": pkg["id"], "name": tk.request.form.get("name", "").strip(),
            "url": tk.request.form.get("url", "").strip()}
    if upload and upload.filename:
        data.update(upload=upload, url=upload.filename, name=data["name"] or upload.filename)
    try:
        _call("thainguyen_entry_attach", data)
        tk.h.flash_success(tk._("The attachment has been added."))
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    except tk.ValidationError as e:
        tk.h.flash_error(" ".join(_flat_errors(e.error_dict).values()))
    return tk.redirect_to("thainguyen_contest.entry_read", id=pkg["name"])


# Judging, dashboard and results pages live in their own module.
from ckanext.thainguyen import contest_views_judging  # noqa: E402

contest_views_judging.register(thainguyen_contest)
