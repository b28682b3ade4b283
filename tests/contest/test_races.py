"""Concurrent score sheets, against the real PostgreSQL.

Each thread calls the action with its own SQLAlchemy session (CKAN's
``model.Session`` is per thread) and so its own connection from CKAN's
engine; then through a production server's worker processes. A barrier
lets them all go at the same moment.
"""
from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories, helpers

from ckanext.thainguyen.contest.model import ContestScore
from tests.contest.factories import (
    JUDGING, SUBMISSIONS_OPEN, as_user, assign, contest_org, make_edition, make_entry, submitted_entry,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

THREADS = 8


def _at_once(count, call):
    """Run ``call(i)`` in ``count`` threads released together; their outcomes."""
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(i):
        try:
            barrier.wait()
            outcomes[i] = ("ok", call(i))
        except Exception as error:  # noqa: BLE001 - the outcome is what is tested
            outcomes[i] = ("error", error)
        finally:
            model.Session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_first_sheets_sent_at_once_all_succeed_and_leave_one_row(make_app):
    with freeze_time(SUBMISSIONS_OPEN):
        edition, citizen, entry = submitted_entry()
        judge = factories.User()
        assign("judge", edition, judge)
    model.Session.remove()
    make_app()  # as a fresh server process does before its first request

    def score(i):
        return tk.get_action("thainguyen_entry_score")(
            {"user": judge["name"], "ignore_auth": False},
            {"id": entry["id"], "scores": {"novelty": i, "feasibility": 5, "impact": 5},
             "comment": f"lần {i}"})

    with freeze_time(JUDGING):
        outcomes = _at_once(THREADS, score)

    assert [kind for kind, _ in outcomes] == ["ok"] * THREADS, outcomes
    rows = model.Session.query(ContestScore).filter_by(package_id=entry["id"]).all()
    assert len(rows) == 1
    # The row is one whole sheet (the last written), not a mix of two.
    sent = {f"lần {i}": {"novelty": i, "feasibility": 5, "impact": 5} for i in range(THREADS)}
    assert sent[rows[0].comment] == rows[0].scores
    answered = {result["comment"]: result["scores"] for _, result in outcomes}
    assert answered == sent


def test_first_sheets_sent_to_several_server_processes(production_server, post_json):
    # A server's clock cannot be frozen: the edition judges now.
    url, log, _workers = production_server
    today = datetime.date.today()
    day = lambda offset: (today + datetime.timedelta(days=offset)).isoformat()  # noqa: E731
    with freeze_time(day(-15)):
        contest_org()
        edition = make_edition(submission_opens=day(-20), submission_closes=day(-10),
                               judging_opens=day(-5), judging_closes=day(30))
        citizen = factories.User()
        entry = make_entry(citizen, edition)
        helpers.call_action("thainguyen_entry_submit", as_user(citizen), id=entry["id"])
    judge = factories.User()
    assign("judge", edition, judge)
    token = factories.APIToken(user=judge["name"])["token"]
    barrier = threading.Barrier(THREADS)

    def send(i):
        barrier.wait()
        return post_json(f"{url}/api/3/action/thainguyen_entry_score", token, {
            "id": entry["id"], "scores": {"novelty": i, "feasibility": 5, "impact": 5},
            "comment": f"lần {i}"})

    with ThreadPoolExecutor(THREADS) as pool:
        answers = list(pool.map(send, range(THREADS)))
    assert [status for status, _ in answers] == [200] * THREADS, answers
    model.Session.remove()
    rows = model.Session.query(ContestScore).filter_by(package_id=entry["id"]).all()
    assert len(rows) == 1
    assert rows[0].scores == {"novelty": int(rows[0].comment.split()[-1]), "feasibility": 5, "impact": 5}
    assert "Traceback" not in log.read_text()
