"""Innovation-contest actions of the jury and the results: score sheets,
the judge's list, the ranking, its publication and the statistics."""
from __future__ import annotations

import uuid
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import search
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckanext.thainguyen.contest import activity, results, rules, schema
from ckanext.thainguyen.contest.action.common import (
    check_prize_free, edition_or_404, entry_in_edition_or_404, iso, refuse,
)
from ckanext.thainguyen.contest.model import ContestCorrection, ContestEntry, ContestScore
from ckanext.thainguyen.core.dates import local_text, utcnow
from ckanext.thainguyen.core.users import acting_user
from ckanext.thainguyen.core.validators import validate_or_raise

__all__ = [
    "thainguyen_entry_score", "thainguyen_judge_assignments", "thainguyen_contest_results",
    "thainguyen_contest_publish_results", "thainguyen_contest_stats",
    "thainguyen_contest_correct_result",
]


# ------------------------------------------------------------------ judging
def thainguyen_entry_score(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_entry_score", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_score_schema(), context)
    pkg, state, edition = entry_in_edition_or_404(data["id"])
    if rules.results_published(edition):
        refuse(tk._("The results of this edition are published; scores are final"))
    if state.status not in rules.SCORABLE:
        refuse(tk._("This entry is not being judged (it is: %s)") % rules.status_label(state.status))
    if utcnow() < edition.judging_opens:
        refuse(tk._("Judging opens on %s") % local_text(edition.judging_opens))
    scores = data["scores"] if isinstance(data["scores"], dict) else {}
    errors: dict[str, list[str]] = {}
    clean: dict[str, float] = {}
    for criterion in edition.criteria:
        raw = scores.get(criterion["name"])
        if raw in (None, ""):
            errors[criterion["name"]] = [tk._("Missing value")]
            continue
        try:
            clean[criterion["name"]] = tk.get_validator("thainguyen_contest_score")(raw)
        except tk.Invalid as e:
            errors[criterion["name"]] = [e.error]
    unknown = set(scores) - {c["name"] for c in edition.criteria}
    if unknown or not scores:
        errors.setdefault("scores", []).append(tk._("Score every criterion of the edition, and only those"))
    if errors:
        raise tk.ValidationError(errors)
    judge = model.User.get(context["user"])
    comment = data.get("comment") or ""
    modified = _save_sheet(pkg.id, judge.id, clean, comment)
    return {"id": pkg.id, "judge": judge.name, "scores": clean, "comment": comment,
            "score": round(float(results.sheet_score(edition, clean)), 4),
            "modified": iso(modified)}


def _save_sheet(package_id: str, judge_id: str, scores: dict[str, float], comment: str) -> Any:
    """Write a judge's one sheet for an entry in one statement; the time written.

    A read-then-insert would let two first sheets of the same judge (a
    double-clicked form, two tabs) both insert, and the second would fail on
    the (package_id, judge_id) unique constraint; INSERT ... ON CONFLICT
    leaves one row whichever call comes first, the later one's values last.
    """
    table = ContestScore.__table__
    upsert = pg_insert(table).values(
        id=str(uuid.uuid4()), package_id=package_id, judge_id=judge_id,
        scores=scores, comment=comment, modified=utcnow(),
    )
    upsert = upsert.on_conflict_do_update(
        index_elements=[table.c.package_id, table.c.judge_id],
        set_={"scores": upsert.excluded.scores, "comment": upsert.excluded.comment,
              "modified": upsert.excluded.modified},
    ).returning(table.c.id, table.c.modified)
    sheet_id, modified = model.Session.execute(upsert).one()
    model.Session.commit()
    # The statement bypassed the ORM: a copy this session holds is out of date.
    held = model.Session.identity_map.get(model.Session.identity_key(ContestScore, sheet_id))
    if held is not None:
        model.Session.expire(held)
    return modified


@tk.side_effect_free
def thainguyen_judge_assignments(context: Any, data_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """The entries a judge may score in an edition, with their own sheet."""
    tk.check_access("thainguyen_judge_assignments", context, data_dict)
    edition = edition_or_404(data_dict.get("id"))
    judge = model.User.get(context["user"])
    rows = (model.Session.query(ContestEntry, model.Package)
            .join(model.Package, model.Package.id == ContestEntry.package_id)
            .filter(ContestEntry.edition_id == edition.id, model.Package.state == "active",
                    ContestEntry.status.in_(rules.IN_COMPETITION))
            .order_by(ContestEntry.submitted, model.Package.name))
    out = []
    for state, pkg in rows:
        if rules.judge_conflict(judge, pkg):
            continue
        sheet = model.Session.query(ContestScore).filter_by(
            package_id=pkg.id, judge_id=judge.id).first()
        out.append({
            "id": pkg.id, "name": pkg.name, "title": pkg.title, "status": state.status,
            "category": (pkg.extras or {}).get("contest_category"),
            "scorable": state.status in rules.SCORABLE and not rules.results_published(edition),
            "scores": sheet.scores if sheet else None,
            "comment": sheet.comment if sheet else None,
        })
    return out


@tk.side_effect_free
def thainguyen_contest_results(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_contest_results", context, data_dict)
    edition = edition_or_404(data_dict.get("id"))
    return {"edition": edition.name, "published": iso(edition.results_published),
            "ranking": results.ranking(edition), "corrections": results.corrections(edition)}


def thainguyen_contest_publish_results(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_contest_publish_results", context, data_dict)
    data = validate_or_raise(data_dict, schema.edition_ref_schema(), context)
    edition = edition_or_404(data["id"])
    if rules.results_published(edition):
        refuse(tk._("The results of this edition are already published"))
    now = utcnow()
    touched, moved = [], []
    for state, pkg in model.Session.query(ContestEntry, model.Package).join(
            model.Package, model.Package.id == ContestEntry.package_id).filter(
            ContestEntry.edition_id == edition.id):
        if state.status == rules.AWARDED:
            pkg.private = False
            moved.append((pkg, state, rules.AWARDED))
        elif state.status in rules.SCORABLE:
            moved.append((pkg, state, state.status))
            state.status, state.status_changed = rules.NOT_AWARDED, now
        touched.append(pkg.id)
    edition.results_published = now
    # Recorded once the edition is published: the records carry the entries'
    # labels of after publication (awarded entries become public).
    for pkg, state, old_status in moved:
        activity.record_status_change(context, pkg, old_status, state.status, state.prize)
    model.Session.commit()
    for package_id in touched:
        search.rebuild(package_id)
    return thainguyen_contest_results(context, {"id": edition.id})


@tk.side_effect_free
def thainguyen_contest_stats(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    tk.check_access("thainguyen_contest_stats", context, data_dict)
    edition = edition_or_404(data_dict.get("id"))
    return dict(results.stats(edition), edition=edition.name)


def thainguyen_contest_correct_result(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """Change the outcome of an entry after its edition's results were
    published: ``prize`` (a prize level; empty for not awarded) and a
    ``reason``, published with the results as a correction note. The only
    way a published result changes: recorded in its own table and in the
    entry's activity."""
    tk.check_access("thainguyen_contest_correct_result", context, data_dict)
    data = validate_or_raise(data_dict, schema.correct_result_schema(), context)
    pkg, state, edition = entry_in_edition_or_404(data["id"])
    if not rules.results_published(edition):
        refuse(tk._("The results of this edition are not published yet: award the entry "
                    "or change its status from the dashboard"))
    if state.status not in (rules.AWARDED, rules.NOT_AWARDED):
        refuse(tk._("Only an entry of the published results can be corrected (this entry is: %s)")
               % rules.status_label(state.status))
    prize = data.get("prize") or None
    status = rules.AWARDED if prize else rules.NOT_AWARDED
    if (status, prize) == (state.status, state.prize):
        raise tk.ValidationError({"prize": [tk._("This is the entry's result already")]})
    if prize:
        check_prize_free(edition, pkg, prize)
    user = acting_user(context)
    correction = ContestCorrection(
        edition_id=edition.id, package_id=pkg.id, user_id=user.id,
        from_status=state.status, from_prize=state.prize, to_status=status, to_prize=prize,
        reason=data["reason"], created=utcnow())
    model.Session.add(correction)
    old_status = state.status
    state.status, state.prize, state.status_changed = status, prize, correction.created
    # As publishing leaves them: awarded entries public, the others private.
    pkg.private = status != rules.AWARDED
    activity.record_status_change(context, pkg, old_status, status, prize, correction=data["reason"])
    model.Session.commit()
    search.rebuild(pkg.id)  # labels depend on the outcome
    return next(row for row in results.corrections(edition) if row["id"] == correction.id)
