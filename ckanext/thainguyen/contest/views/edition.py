"""The pages of a contest edition.

- ``/contest/``: the editions; ``/contest/<edition>``: theme, rules,
  timeline, categories and, once published, the winners;
- ``/contest/new``: a new edition (sysadmins, admins of the contest
  organisation);
- ``/contest/<edition>/edit``: its theme, rules, categories, windows,
  criteria and prizes (the edition's organisers).

The last two go through thainguyen_contest_edition_create/_update, so the
page allows no more than the API; refused input re-renders the form with what
was typed and an error under each field concerned.
"""
from __future__ import annotations

import re
from typing import Any, Optional

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.contest import rules
from ckanext.thainguyen.contest.views.common import allowed, call, edition_or_abort, require_login
from ckanext.thainguyen.core.dates import (
    display_timezone, local_text, parse_local, parse_moment, utc_iso, utcnow,
)
from ckanext.thainguyen.core.text import ascii_slug
from ckanext.thainguyen.core.users import view_context

TEXT_FIELDS = ("name", "title", "year", "theme", "rules")
OPENINGS = ("submission_opens", "judging_opens")
CLOSINGS = ("submission_closes", "judging_closes")
ROW_FIELDS = {"categories": ("name", "label"), "criteria": ("name", "label", "weight")}
# Blank rows offered under the filled ones (the page works without JavaScript).
SPARE_ROWS = 3
_ROW_KEY = re.compile(r"^(categories|criteria)-(\d{1,3})-")


def _slug(label: str) -> str:
    """A row's name from its label: 'Nông nghiệp' -> 'nong-nghiep'."""
    return ascii_slug(label)[:100]


# ------------------------------------------------------------------ form <-> data
def _form_data(current_name: Optional[str] = None) -> dict[str, Any]:
    form = tk.request.form
    data: dict[str, Any] = {f: form.get(f, "").strip() for f in TEXT_FIELDS + OPENINGS + CLOSINGS}
    if not data["name"]:
        # Left blank: an edition keeps its URL, a new one takes it from its title.
        data["name"] = current_name or _slug(data["title"])
    for field, subs in ROW_FIELDS.items():
        indices = sorted({int(m.group(2)) for m in map(_ROW_KEY.match, form) if m and m.group(1) == field})
        rows = []
        for i in indices:
            row = {sub: form.get(f"{field}-{i}-{sub}", "").strip() for sub in subs}
            if not any(row.values()):
                continue
            if not row["name"] and row["label"]:
                row["name"] = _slug(row["label"])
            rows.append(row)
        data[field] = rows
    # Typed in the display time zone; sent on as UTC with its Z, so the
    # action reads the instant the person meant. What cannot be read is sent
    # as typed for the action to refuse (``_render`` words the error).
    for field in OPENINGS + CLOSINGS:
        try:
            data[field] = utc_iso(parse_local(data[field], end_of_day=field in CLOSINGS))
        except ValueError:
            # Never a value the action would read as a UTC moment instead.
            data[field] = "" if _is_moment(data[field]) else data[field]
    # One count per prize level; a level left blank is not awarded.
    data["prizes"] = [{"level": level, "count": form.get(f"prize-{level}", "").strip()}
                      for level in rules.PRIZE_LEVELS if form.get(f"prize-{level}", "").strip()]
    return data


def _stored_data(edition: dict[str, Any]) -> dict[str, Any]:
    data = {f: edition.get(f) for f in TEXT_FIELDS}
    for field in OPENINGS + CLOSINGS:
        data[field] = local_text(edition.get(field), closing=field in CLOSINGS)
    for field in ROW_FIELDS:
        data[field] = [dict(row) for row in edition.get(field) or []]
    data["prizes"] = [dict(row) for row in edition.get("prizes") or []]
    return data


def _split_errors(error_dict: dict[str, Any]) -> tuple[dict[str, str], dict[str, dict[int, dict[str, str]]]]:
    """navl's errors as {field: message} and {field: {row: {sub: message}}}."""
    fields: dict[str, list[str]] = {}
    rows: dict[str, dict[int, dict[str, str]]] = {}
    for field, value in error_dict.items():
        for i, message in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(message, dict):
                row = {sub: " ".join(map(str, msgs)) for sub, msgs in message.items() if msgs}
                if row:
                    rows.setdefault(field, {})[i] = row
            elif message:
                fields.setdefault(field, []).append(str(message))
    return {field: " ".join(msgs) for field, msgs in fields.items()}, rows


def _render(data: dict[str, Any], edition: Optional[dict[str, Any]],
            error_dict: Optional[dict[str, Any]] = None) -> str:
    errors, row_errors = _split_errors(error_dict or {})
    for field in OPENINGS + CLOSINGS:
        if field in errors and not _is_moment(data.get(field)):
            errors[field] = tk._("Enter a date as DD/MM/YYYY, or a date and time as DD/MM/YYYY HH:MM")
    # Shown as typed, in the display time zone.
    data = dict(data, **{f: local_text(data.get(f), closing=f in CLOSINGS) if _is_moment(data.get(f))
                         else data.get(f) for f in OPENINGS + CLOSINGS})
    # Errors of prize rows come by position in the list sent; show them by level.
    prize_errors = {data["prizes"][i]["level"]: row.get("count") or row.get("level", "")
                    for i, row in row_errors.pop("prizes", {}).items() if i < len(data["prizes"])}
    rows = {field: list(data.get(field) or []) + [{}] * SPARE_ROWS for field in ROW_FIELDS}
    return tk.render("thainguyen/contest/edition_form.html", {
        "edition": edition, "data": data, "rows": rows, "row_fields": ROW_FIELDS,
        "errors": errors, "row_errors": row_errors, "prize_errors": prize_errors,
        "prize_counts": {p["level"]: p["count"] for p in data.get("prizes") or []},
        "prize_levels": rules.PRIZE_LEVELS, "timezone": str(display_timezone()),
    })


def _is_moment(value: Any) -> bool:
    """Whether ``value`` is a moment ``_form_data`` or the API could read."""
    try:
        parse_moment(value, end_of_day=False)
        return True
    except ValueError:
        return False


# ------------------------------------------------------------------ pages
def index() -> str:
    editions = call("thainguyen_contest_edition_list", {})
    return tk.render("thainguyen/contest/index.html", {"editions": editions})


def edition_read(edition: str) -> str:
    ed = edition_or_abort(edition)
    winners = []
    if ed["results_published"]:
        ranking = call("thainguyen_contest_results", {"id": ed["id"]})["ranking"]
        winners = [r for r in ranking if r["prize"]]
        winners.sort(key=lambda r: (rules.PRIZE_LEVELS.index(r["prize"]), r["rank"]))
    return tk.render("thainguyen/contest/edition.html", {
        "edition": ed, "winners": winners,
        "is_organiser": allowed("thainguyen_contest_stats", {"id": ed["id"]}),
        "is_judge": allowed("thainguyen_judge_assignments", {"id": ed["id"]}),
        "submissions_open": rules.submission_window(ed) == rules.OPEN,
        "submission_notice": rules.submission_notice(ed), "timezone": str(display_timezone()),
    })


def edition_new() -> Any:
    login = require_login()
    if login:
        return login
    context = view_context()
    try:
        tk.check_access("thainguyen_contest_edition_create", context, {})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only system administrators and the admins of the contest "
                                  "organisation may create contest editions"))
    if tk.request.method == "GET":
        return _render({"year": utcnow().year}, None)
    data = _form_data()
    try:
        created = tk.get_action("thainguyen_contest_edition_create")(view_context(), data)
    except tk.ValidationError as e:
        return _render(data, None, e.error_dict)
    tk.h.flash_success(tk._("The contest edition has been created."))
    return tk.redirect_to("thainguyen_contest.edition_read", edition=created["name"])


def edition_edit(edition: str) -> Any:
    login = require_login()
    if login:
        return login
    context = view_context()
    try:
        current = tk.get_action("thainguyen_contest_edition_show")(view_context(), {"id": edition})
        tk.check_access("thainguyen_contest_edition_update", context, {"id": current["id"]})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Contest edition not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the organisers of this contest edition may do this"))
    if tk.request.method == "GET":
        return _render(_stored_data(current), current)
    data = _form_data(current["name"])
    try:
        updated = tk.get_action("thainguyen_contest_edition_update")(
            view_context(), dict(data, id=current["id"]))
    except tk.ValidationError as e:
        return _render(data, current, e.error_dict)
    tk.h.flash_success(tk._("The contest edition has been saved."))
    return tk.redirect_to("thainguyen_contest.edition_read", edition=updated["name"])
