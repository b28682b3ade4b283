"""Access-request e-mails as background jobs, on CKAN's real RQ and Redis.

Jobs run in a burst worker as CKAN's own job tests run them. One test lets
the worker fork as ``ckan jobs worker`` does, with a real SMTP server on a
loopback port; the others use ``with_test_worker`` (no fork), so that CKAN's
``mail_server`` fixture and the log capture see what the job does.
"""
from __future__ import annotations

import email
import email.header
import logging
import socketserver
import threading

import pytest
import rq
from redis import ConnectionPool

import ckan.lib.jobs as jobs
import ckan.lib.redis as ckan_redis
from ckan import model
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories, helpers

from ckanext.thainguyen.access.model import AccessRequest
from ckanext.thainguyen.core.compat import WORKER_RUNS_SCHEDULER
from tests.catalogue.factories import special_entry

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index", "clean_redis"),
    # Retries follow at once, so a burst worker runs them all.
    pytest.mark.ckan_config("ckanext.thainguyen.jobs.retry_interval", "0"),
]

NOTIFY_LOG = "ckanext.thainguyen.access.notify"
JOBS_LOG = "ckanext.thainguyen.core.jobs"


@pytest.fixture
def logs(caplog, monkeypatch):
    """caplog, with our loggers enabled: ckanext-activity's migration
    environment (run by the first clean_db of a session) calls logging's
    fileConfig, which disables every logger that existed before it."""
    for name in (NOTIFY_LOG, JOBS_LOG):
        monkeypatch.setattr(logging.getLogger(name), "disabled", False)
    return caplog


@pytest.fixture
def people():
    admin = factories.User(email="admin@stnmt.example")
    second_admin = factories.User(email="admin2@stnmt.example")
    org = factories.Organization(users=[
        {"name": admin["name"], "capacity": "admin"},
        {"name": second_admin["name"], "capacity": "admin"},
    ])
    return {"org": org, "admin": admin, "second_admin": second_admin,
            "requester": factories.User(email="requester@example.vn")}


@pytest.fixture
def entry(people):
    return special_entry(owner_org=people["org"]["id"], title="CSDL hồ sơ địa chính")


def _call(action, user, **data):
    return helpers.call_action(action, context={"user": user["name"], "ignore_auth": False}, **data)


def _request_data(entry):
    return {
        "package_id": entry["id"],
        "purpose": "Đối soát hồ sơ đất đai phục vụ giải phóng mặt bằng",
        "legal_basis": "Công văn số 123/UBND-KT",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
    }


def _api(app, user, action, **data):
    token = factories.APIToken(user=user["name"])["token"]
    return app.post(f"/api/3/action/{action}", json=data, headers={"Authorization": token})


def _queued():
    return jobs.get_queue("default").jobs


def _run_worker():
    jobs.Worker(["default"]).work(burst=True)


def _mails(mail_server):
    decoded = []
    for _none, _sender, recipients, raw in mail_server.get_smtp_messages():
        message = email.message_from_string(raw)
        subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
        body = message.get_payload(decode=True).decode("utf-8")
        decoded.append((recipients, subject, body))
    return decoded


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib's sendmail; each message is kept raw."""

    def handle(self):
        self.wfile.write(b"220 localhost\r\n")
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data)
                self.server.messages.append(b"".join(lines).decode())
                self.wfile.write(b"250 ok\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_server(ckan_config, monkeypatch):
    """A real SMTP server on a loopback port, for a worker that forks (CKAN's
    ``mail_server`` fixture patches smtplib in this process only)."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{server.server_address[1]}")
    yield server
    server.shutdown()
    server.server_close()


def test_ckans_forking_worker_sends_the_mail(people, entry, smtp_server):
    # As `ckan jobs worker` runs a job: in a forked work horse that loads
    # CKAN's environment and opens its own database session.
    _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))
    assert smtp_server.messages == []
    _run_worker()
    messages = [email.message_from_string(raw) for raw in smtp_server.messages]
    assert sorted(m["To"].split("<")[-1] for m in messages) == [
        "admin2@stnmt.example>", "admin@stnmt.example>"]
    assert all("Đối soát hồ sơ đất đai" in m.get_payload(decode=True).decode("utf-8") for m in messages)
    assert _queued() == []


@pytest.mark.usefixtures("with_test_worker")
class TestSentByTheWorker:
    def test_admins_hear_of_requests_and_requesters_of_decisions(self, people, entry, mail_server):
        created = _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))
        # The action only queued a job, with the request's id and nothing personal.
        assert mail_server.get_smtp_messages() == []
        (job,) = _queued()
        assert job.args == [created["id"]]

        _run_worker()
        mails = sorted(_mails(mail_server))
        assert [m[0] for m in mails] == [["admin2@stnmt.example"], ["admin@stnmt.example"]]
        recipients, subject, body = mails[1]
        # Written in ckan.locale_default (vi), though no web request is around.
        assert subject == "Yêu cầu khai thác mới đối với CSDL hồ sơ địa chính"
        assert "Đối soát hồ sơ đất đai" in body and "Công văn số 123/UBND-KT" in body
        assert f"http://test.ckan.net/organization/{people['org']['name']}/access-requests" in body

        mail_server.clear_smtp_messages()
        _call("thainguyen_access_request_reject", people["admin"], id=created["id"],
              reason="Chưa nêu rõ căn cứ pháp lý")
        _run_worker()
        (recipients, subject, body), = _mails(mail_server)
        assert recipients == ["requester@example.vn"]
        assert "CSDL hồ sơ địa chính" in subject
        assert "Lý do: Chưa nêu rõ căn cứ pháp lý" in body
        assert "http://test.ckan.net/dashboard/access-requests" in body
        assert _queued() == []

    def test_approval_and_revocation_are_mailed(self, people, entry, mail_server):
        created = _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))
        _run_worker()
        mail_server.clear_smtp_messages()
        _call("thainguyen_access_request_approve", people["admin"], id=created["id"], expires="2099-01-31")
        _run_worker()
        _call("thainguyen_access_request_revoke", people["admin"], id=created["id"], reason="Hết nhiệm vụ")
        _run_worker()
        mails = _mails(mail_server)
        assert [m[0] for m in mails] == [["requester@example.vn"]] * 2
        assert mails[0][1] == "Đã được cấp quyền khai thác: CSDL hồ sơ địa chính"
        assert "2099-01-31" in mails[0][2]
        assert "Hết nhiệm vụ" in mails[1][2]
        assert mails[0][1] != mails[1][1]

    def test_the_mail_says_what_is_committed_when_the_worker_runs(self, people, entry, mail_server):
        # Approved, then revoked before any worker ran: the requester is told
        # of the revocation only, not of a grant that no longer holds.
        created = _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))
        _call("thainguyen_access_request_approve", people["admin"], id=created["id"], expires="2099-01-31")
        _call("thainguyen_access_request_revoke", people["admin"], id=created["id"], reason="Hết nhiệm vụ")
        assert len(_queued()) == 3
        _run_worker()
        (recipients, subject, body), = _mails(mail_server)
        assert recipients == ["requester@example.vn"]
        assert "Hết nhiệm vụ" in body


@pytest.mark.usefixtures("with_test_worker")
class TestAfterCommit:
    def test_a_deferred_commit_enqueues_on_the_callers_commit_and_a_rollback_never(self, people, entry):
        context = {"user": people["requester"]["name"], "ignore_auth": False, "defer_commit": True}
        helpers.call_action("thainguyen_access_request_create", context=context, **_request_data(entry))
        assert _queued() == []
        model.Session.rollback()
        assert _queued() == [] and model.Session.query(AccessRequest).count() == 0

        context = {"user": people["requester"]["name"], "ignore_auth": False, "defer_commit": True}
        created = helpers.call_action("thainguyen_access_request_create", context=context,
                                      **_request_data(entry))
        assert _queued() == []
        model.repo.commit()
        assert [job.args for job in _queued()] == [[created["id"]]]

    @pytest.mark.ckan_config("ckanext.thainguyen.jobs.retries", 5)
    def test_jobs_carry_the_configured_retry_policy(self, people, entry):
        _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))
        (job,) = _queued()
        assert job.retries_left == 5
        assert job.retry_intervals == [0]


def test_retry_intervals_are_kept_where_the_worker_runs_a_scheduler(people, entry, ckan_config, monkeypatch):
    # Set here, not by a marker: CKAN 2.12 applies the module's marker
    # (intervals of 0) after a test's own.
    monkeypatch.setitem(ckan_config, "ckanext.thainguyen.jobs.retry_interval", "60 600")
    _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))
    (job,) = _queued()
    assert job.retry_intervals == ([60, 600] if WORKER_RUNS_SCHEDULER else [0])


@pytest.mark.usefixtures("with_test_worker")
class TestFailingMail:
    @pytest.mark.ckan_config("smtp.mail_from", None)
    def test_an_unconfigured_mailer_is_a_log_line_and_the_actions_answer(
            self, app, people, entry, mail_server, logs):
        # CKAN's mailer cannot send without smtp.mail_from (it raises
        # AttributeError); retrying could not help, so the job says so once.
        response = _api(app, people["requester"], "thainguyen_access_request_create", **_request_data(entry))
        assert response.status_code == 200
        request_id = response.json["result"]["id"]
        response = _api(app, people["admin"], "thainguyen_access_request_reject", id=request_id,
                        reason="Thiếu căn cứ pháp lý")
        assert response.status_code == 200
        assert response.json["result"]["status"] == "rejected"
        model.Session.remove()
        assert AccessRequest.get(request_id).status == "rejected"

        with logs.at_level(logging.WARNING, logger=NOTIFY_LOG):
            _run_worker()
        # The request was decided before the worker ran, so the admins' job
        # had no news; the requester's notice is not sent, and logged.
        assert [(r.levelname, r.getMessage()) for r in logs.records if r.name == NOTIFY_LOG] == [
            ("WARNING", f"access request {request_id}: rejected mail not sent: smtp.mail_from is not set")]
        assert mail_server.get_smtp_messages() == []
        assert _queued() == []
        assert rq.registry.FailedJobRegistry(queue=jobs.get_queue("default")).get_job_ids() == []

    @pytest.mark.ckan_config("ckanext.thainguyen.jobs.retries", 2)
    def test_a_failing_mailer_is_retried_then_given_up_and_the_actions_answer(
            self, app, people, entry, ckan_config, monkeypatch, logs):
        # Nothing listens on this port: every attempt fails, the action did not.
        monkeypatch.setitem(ckan_config, "smtp.server", "127.0.0.1:9")
        response = _api(app, people["requester"], "thainguyen_access_request_create", **_request_data(entry))
        assert response.status_code == 200
        request_id = response.json["result"]["id"]
        model.Session.remove()
        assert AccessRequest.get(request_id).status == "pending"

        with logs.at_level(logging.WARNING, logger=NOTIFY_LOG):
            _run_worker()
        # Tried 1 + 2 times, then given up.
        assert [(r.levelname, r.getMessage()) for r in logs.records if r.name == NOTIFY_LOG] == [
            ("WARNING", f"access request {request_id}: created mail failed, 2 retries left"),
            ("WARNING", f"access request {request_id}: created mail failed, 1 retries left"),
            ("ERROR", f"access request {request_id}: created mail failed, giving up"),
        ]
        assert _queued() == []
        failed = rq.registry.FailedJobRegistry(queue=jobs.get_queue("default"))
        assert len(failed.get_job_ids()) == 1

    def test_redis_down_is_logged_and_the_action_answers(self, app, people, entry, monkeypatch, logs):
        # A real Redis client on a port nothing listens on (CKAN caches its
        # connection pool and queues, so both are replaced for this test).
        monkeypatch.setattr(ckan_redis, "_connection_pool", ConnectionPool.from_url("redis://127.0.0.1:9/1"))
        monkeypatch.setattr(jobs, "_queues", {})
        with logs.at_level(logging.ERROR, logger=JOBS_LOG):
            response = _api(app, people["requester"], "thainguyen_access_request_create",
                            **_request_data(entry))
        assert response.status_code == 200
        assert response.json["result"]["status"] == "pending"
        assert any("not enqueued" in r.getMessage() for r in logs.records)
        monkeypatch.undo()
        assert connect_to_redis().ping()
        assert model.Session.query(AccessRequest).count() == 1
