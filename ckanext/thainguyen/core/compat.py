"""What differs between the supported CKAN releases, in one place.

CKAN 2.11 keeps dataset extras in ``package_extra`` rows; 2.12 keeps them in
a JSONB column on the package row. CKAN 2.12's job worker runs RQ's scheduler
(retries that wait), 2.11's does not.
"""
from __future__ import annotations

from typing import Any, Iterable

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ckan import model

EXTRAS_IN_ROWS = hasattr(model, "PackageExtra")


def join_extra(query: Any, key: str) -> tuple[Any, Any]:
    """``query`` (over ``model.Package``) limited to packages with extra ``key``,
    and the SQL expression of its value."""
    if EXTRAS_IN_ROWS:
        extra = aliased(model.PackageExtra)
        query = query.join(extra, sa.and_(extra.package_id == model.Package.id,
                                          extra.key == key, extra.state == "active"))
        return query, extra.value
    value = model.Package.extras[key].astext
    return query.filter(value.isnot(None)), value


def extras_of(package_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Every active extra of each package, in one query."""
    ids = set(package_ids)
    extras: dict[str, dict[str, Any]] = {package_id: {} for package_id in ids}
    if not ids:
        return extras
    if EXTRAS_IN_ROWS:
        rows = model.Session.query(model.PackageExtra.package_id, model.PackageExtra.key,
                                   model.PackageExtra.value).filter(
            model.PackageExtra.package_id.in_(ids), model.PackageExtra.state == "active")
        for package_id, key, value in rows:
            extras[package_id][key] = value
        return extras
    for package_id, row_extras in model.Session.query(model.Package.id, model.Package.extras).filter(
            model.Package.id.in_(ids)):
        extras[package_id] = dict(row_extras or {})
    return extras


def _worker_runs_scheduler() -> bool:
    # CKAN 2.12's ``ckan jobs worker`` runs RQ's scheduler unless told
    # ``--no-scheduler``; 2.11's has no such option and runs none.
    from ckan.cli import jobs as jobs_cli
    return any(param.name == "no_scheduler" for param in jobs_cli.worker.params)


WORKER_RUNS_SCHEDULER = _worker_runs_scheduler()
