"""Entrants' pages of the innovation contest.

- ``/contest/<edition>/submit`` and ``/contest/entry/<id>/edit``: the
  submission form; ``/contest/entry/<id>``: an entry, with its
  attachments and, for the entrant and organisers, its status history.

Every write goes through the actions, so a page never does more than the
API allows; refused input re-renders the form with its field errors.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.thainguyen.contest import rules
from ckanext.thainguyen.contest.views.common import (
    allowed, call, edition_or_abort, entry_or_abort, flash_errors, flat_errors, require_login,
)

ENTRY_TEXT_FIELDS = ("title", "contest_category", "notes", "problem", "solution", "novelty",
                     "application_scope", "expected_impact", "stage", "entrant_type")
TEAM_FIELDS = ("name", "role", "organisation", "email", "phone")
TEAM_ROWS = 5


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


def _field_labels() -> dict[str, str]:
    """What the form's error summary calls each field (never its code)."""
    return {
        "contest_edition": tk._("Contest edition"), "contest_category": tk._("Category"),
        "title": tk._("Title of the solution"), "notes": tk._("Summary"),
        "problem": tk._("The problem"), "solution": tk._("The solution"),
        "novelty": tk._("What is new"), "application_scope": tk._("Where it applies"),
        "expected_impact": tk._("Expected impact"), "stage": tk._("Stage"),
        "entrant_type": tk._("Entrant type"), "team": tk._("Team"), "name": tk._("URL"),
        "owner_org": tk._("Organiser"), "status": tk._("Status"),
    }


def _render_form(ed: dict[str, Any], data: dict[str, Any], errors: dict[str, Any],
                 entry: Any = None) -> str:
    team = list(data.get("team") or [])
    team += [{}] * max(0, TEAM_ROWS - len(team))
    # Offered as the team's organisations: one chosen is recorded by its id.
    organisations = sorted(title for (title,) in model.Session.query(model.Group.title).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active") if title)
    return tk.render("thainguyen/contest/entry_form.html", {
        "edition": ed, "data": data, "team": team, "entry": entry,
        "errors": flat_errors(errors), "team_fields": TEAM_FIELDS, "organisations": organisations,
        "field_labels": _field_labels(),
        # Outside the window the form is not offered: the page says why before
        # anyone starts typing (only a refused POST shows what was typed).
        "notice": rules.submission_notice(ed), "posted": tk.request.method == "POST",
    })


def entry_new(edition: str) -> Any:
    login = require_login()
    if login is not None:
        return login
    ed = edition_or_abort(edition)
    if tk.request.method == "GET":
        return _render_form(ed, {}, {})
    data = dict(_form_data(), contest_edition=ed["name"])
    if rules.submission_window(ed) == rules.NOT_YET_OPEN:
        # The page offers the form only while the edition takes entries.
        return _render_form(ed, data, {"contest_edition": [rules.submission_notice(ed)]})
    try:
        entry = call("thainguyen_entry_create", data)
    except tk.ValidationError as e:
        return _render_form(ed, data, e.error_dict)
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    return _after_save(entry)


def _after_save(entry: dict[str, Any]) -> Any:
    if tk.request.form.get("save") == "submit":
        try:
            call("thainguyen_entry_submit", {"id": entry["id"]})
            tk.h.flash_success(tk._("Your entry has been submitted."))
        except tk.ValidationError as e:
            flash_errors(e)
    else:
        tk.h.flash_success(tk._("Your draft has been saved."))
    return tk.redirect_to("thainguyen_contest.entry_read", id=entry["name"])


def entry_edit(id: str) -> Any:
    login = require_login()
    if login is not None:
        return login
    pkg = entry_or_abort(id)
    if not allowed("thainguyen_entry_update", {"id": pkg["id"]}):
        return tk.abort(403, tk._("Only the entrant may edit an entry, and only while it is a draft"))
    ed = edition_or_abort(pkg["contest_edition"])
    if tk.request.method == "GET":
        return _render_form(ed, pkg, {}, pkg)
    data = dict(_form_data(), id=pkg["id"])
    try:
        entry = call("thainguyen_entry_update", data)
    except tk.ValidationError as e:
        return _render_form(ed, dict(pkg, **data), e.error_dict, pkg)
    return _after_save(entry)


def entry_read(id: str) -> str:
    pkg = entry_or_abort(id)
    ed = edition_or_abort(pkg["contest_edition"])
    ref = {"id": pkg["id"]}
    return tk.render("thainguyen/contest/entry.html", {
        "entry": pkg, "edition": ed,
        "category_label": {c["name"]: c["label"] for c in ed["categories"]}.get(
            pkg.get("contest_category"), pkg.get("contest_category")),
        "can_edit": allowed("thainguyen_entry_update", ref),
        "can_submit": allowed("thainguyen_entry_submit", ref),
        "can_score": allowed("thainguyen_entry_score", ref),
        "history": _status_history(ref),
        "submission_notice": rules.submission_notice(ed),
    })


def _status_history(ref: dict[str, Any]) -> Any:
    """The entry's workflow steps, or None for those who may not see them
    (judges, and the public once the entry is awarded)."""
    try:
        return call("thainguyen_entry_status_history", ref)["steps"]
    except tk.NotAuthorized:
        return None


def entry_step(id: str, step: str) -> Any:
    login = require_login()
    if login is not None:
        return login
    pkg = entry_or_abort(id)
    try:
        call(f"thainguyen_entry_{step}", {"id": pkg["id"]})
        tk.h.flash_success(tk._("Your entry has been submitted.") if step == "submit"
                           else tk._("Your entry has been withdrawn."))
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    except tk.ValidationError as e:
        flash_errors(e)
    return tk.redirect_to("thainguyen_contest.entry_read", id=pkg["name"])


def entry_attach(id: str) -> Any:
    login = require_login()
    if login is not None:
        return login
    pkg = entry_or_abort(id)
    upload = tk.request.files.get("upload")
    data = {"id": pkg["id"], "name": tk.request.form.get("name", "").strip(),
            "url": tk.request.form.get("url", "").strip()}
    if upload and upload.filename:
        data.update(upload=upload, url=upload.filename, name=data["name"] or upload.filename)
    try:
        call("thainguyen_entry_attach", data)
        tk.h.flash_success(tk._("The attachment has been added."))
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    except tk.ValidationError as e:
        flash_errors(e)
    return tk.redirect_to("thainguyen_contest.entry_read", id=pkg["name"])
