"""Identical access requests sent at the same moment, against the real PostgreSQL.

Through CKAN's action API in the test app (each thread has its own Flask
test client and so its own request, SQLAlchemy session and connection from
CKAN's engine) and through a production server's worker processes; a
barrier lets them all go at the same moment.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from ckan import model
from ckan.tests import factories, helpers

from ckanext.thainguyen.access.model import AccessRequest, AccessRequestEvent
from tests.catalogue.factories import special_entry

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

REQUESTS = 20


def _identical_requests() -> tuple[str, dict]:
    """(the requester's API token, the body all the identical requests send)."""
    entry = special_entry(owner_org=factories.Organization()["id"])
    requester = factories.User()
    token = helpers.call_action("api_token_create", {"user": requester["name"]},
                                user=requester["name"], name="race")["token"]
    return token, {"package_id": entry["id"], "purpose": "Đối soát hồ sơ",
                   "legal_basis": "Công văn 1/UBND",
                   "period_start": "2026-01-01", "period_end": "2026-12-31"}


def test_one_of_many_identical_requests_wins_and_the_others_get_a_field_error(make_app):
    token, body = _identical_requests()
    model.Session.remove()
    # Built last, as a fresh server process builds it before its first request.
    app = make_app()
    barrier = threading.Barrier(REQUESTS)
    answers: list = [None] * REQUESTS

    def send(i):
        client = app.flask_app.test_client()
        barrier.wait()
        response = client.post("/api/3/action/thainguyen_access_request_create",
                               headers={"Authorization": token}, json=body)
        answers[i] = (response.status_code, response.get_json())

    threads = [threading.Thread(target=send, args=(i,)) for i in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] + [409] * (REQUESTS - 1), answers
    winner = next(json["result"] for status, json in answers if status == 200)
    for status, json in answers:
        if status == 409:
            assert set(json["error"]) == {"package_id", "__type"}
            assert json["error"]["__type"] == "Validation Error"
    # Nothing half-written: one request, with its one "created" event.
    requests = model.Session.query(AccessRequest).all()
    assert [r.id for r in requests] == [winner["id"]]
    events = model.Session.query(AccessRequestEvent).all()
    assert [(e.request_id, e.event) for e in events] == [(winner["id"], "created")]


def test_identical_requests_to_several_server_processes(production_server, post_json):
    # The race as a site has it: gunicorn's worker processes, each with its
    # own connections, answering at the same moment.
    url, log, _workers = production_server
    token, body = _identical_requests()
    barrier = threading.Barrier(REQUESTS)

    def send(_i):
        barrier.wait()
        return post_json(f"{url}/api/3/action/thainguyen_access_request_create", token, body)

    with ThreadPoolExecutor(REQUESTS) as pool:
        answers = list(pool.map(send, range(REQUESTS)))
    assert sorted(status for status, _ in answers) == [200] + [409] * (REQUESTS - 1), answers
    model.Session.remove()
    assert model.Session.query(AccessRequest).count() == 1
    assert model.Session.query(AccessRequestEvent).count() == 1
    assert "Traceback" not in log.read_text()
