"""The innovation contest's pages, all under ``/contest`` (Vietnamese first):
editions (``edition``), entries (``entry``), judging, the organisers'
dashboard and the results (``judging``).

``thainguyen_contest`` serves every page but the edition form, which keeps
its own blueprint (``thainguyen_contest_editions.new`` / ``.edit``, as the
templates name them). Both are registered by ``ThainguyenContestPlugin``.
"""
from __future__ import annotations

from flask import Blueprint

from ckanext.thainguyen.contest.views import edition, entry, judging

__all__ = ["thainguyen_contest", "thainguyen_contest_editions"]

GET, POST, FORM = ["GET"], ["POST"], ["GET", "POST"]

thainguyen_contest = Blueprint("thainguyen_contest", __name__, url_prefix="/contest")
thainguyen_contest.add_url_rule("/", view_func=edition.index, methods=GET)
thainguyen_contest.add_url_rule("/<edition>", view_func=edition.edition_read, methods=GET)
thainguyen_contest.add_url_rule("/<edition>/submit", view_func=entry.entry_new, methods=FORM)
thainguyen_contest.add_url_rule("/entry/<id>/edit", view_func=entry.entry_edit, methods=FORM)
thainguyen_contest.add_url_rule("/entry/<id>", view_func=entry.entry_read, methods=GET)
thainguyen_contest.add_url_rule("/entry/<id>/<any(submit, withdraw):step>",
                                view_func=entry.entry_step, methods=POST)
thainguyen_contest.add_url_rule("/entry/<id>/attach", view_func=entry.entry_attach, methods=POST)
thainguyen_contest.add_url_rule("/<edition>/judge", view_func=judging.judge_page, methods=GET)
thainguyen_contest.add_url_rule("/entry/<id>/score", view_func=judging.score_page, methods=FORM)
thainguyen_contest.add_url_rule("/<edition>/dashboard", view_func=judging.dashboard, methods=GET)
thainguyen_contest.add_url_rule("/<edition>/dashboard/<any(status, award, judge, publish, correct):op>",
                                view_func=judging.organiser_post, methods=POST)
thainguyen_contest.add_url_rule("/<edition>/results", view_func=judging.results, methods=GET)

thainguyen_contest_editions = Blueprint(
    "thainguyen_contest_editions", __name__, url_prefix="/contest")
thainguyen_contest_editions.add_url_rule("/new", endpoint="new", view_func=edition.edition_new,
                                         methods=FORM)
thainguyen_contest_editions.add_url_rule("/<edition>/edit", endpoint="edit",
                                         view_func=edition.edition_edit, methods=FORM)
