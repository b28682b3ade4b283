"""Background jobs (CKAN's RQ queue on Redis), enqueued once the transaction
they follow commits.

``enqueue_after_commit`` keeps the job in the database session and enqueues
it from the session's ``after_commit`` event: the worker then reads only
committed rows, a rolled-back action enqueues nothing, and an action called
with ``defer_commit`` has its jobs enqueued when its caller commits. Jobs get
ids only and re-read what they need, so no personal data waits in Redis.

Enqueueing never raises into the action: with Redis down the job is lost and
logged, the action's answer stays what the committed change says.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Optional

import ckan.plugins.toolkit as tk
from ckan import model
from rq import Retry
from sqlalchemy import event

from ckanext.thainguyen.core.compat import WORKER_RUNS_SCHEDULER

log = logging.getLogger(__name__)

PENDING_JOBS = "thainguyen_pending_jobs"
FAILED_JOB_TTL = 7 * 24 * 3600


def retry_policy() -> Retry:
    """RQ's Retry from ``ckanext.thainguyen.jobs.retries`` and ``.retry_interval``."""
    retries = tk.config.get("ckanext.thainguyen.jobs.retries")
    configured = tk.aslist(tk.config.get("ckanext.thainguyen.jobs.retry_interval"))
    intervals = [int(seconds) for seconds in configured]
    if not WORKER_RUNS_SCHEDULER:
        # RQ moves a retry that waits into its scheduled registry, and only a
        # worker running RQ's scheduler brings it back; CKAN 2.11's
        # ``ckan jobs worker`` runs none, so there a failed job is retried at once.
        intervals = [0]
    return Retry(max=retries, interval=intervals or [0])


def enqueue_after_commit(fn: Callable[..., Any], args: list[Any], title: str) -> None:
    """Enqueue ``fn(*args)`` on the extension's queue once the current
    transaction commits; nothing if it rolls back."""
    model.Session.info.setdefault(PENDING_JOBS, []).append((fn, args, title))


def _enqueue(fn: Callable[..., Any], args: list[Any], title: str) -> Optional[Any]:
    try:
        return tk.enqueue_job(fn, args, title=title,
                              queue=tk.config.get("ckanext.thainguyen.jobs.queue"),
                              rq_kwargs={
                                  "retry": retry_policy(),
                                  # Nothing is kept once done; a given-up job a week,
                                  # for ``ckan jobs`` / rq to inspect.
                                  "result_ttl": 0,
                                  "failure_ttl": FAILED_JOB_TTL,
                              })
    except Exception:  # noqa: BLE001 - Redis down or misconfigured: log, never fail the action
        log.exception("background job %r not enqueued", title)
        return None


@event.listens_for(model.Session, "after_commit")
def _enqueue_pending(session: Any) -> None:
    for fn, args, title in session.info.pop(PENDING_JOBS, []):
        _enqueue(fn, args, title)


@event.listens_for(model.Session, "after_rollback")
def _drop_pending(session: Any) -> None:
    # ``after_rollback`` also follows a failed commit, so nothing is sent
    # about a change that did not happen.
    session.info.pop(PENDING_JOBS, None)
