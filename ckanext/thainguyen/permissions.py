"""Permission labels: who may find a dataset in search and read it.

CKAN asks one IPermissionLabels implementation for both sides of the match
(labels on the dataset at index time, labels of the user at query time). Each
record type contributes its own rules through ``DATASET_LABELLERS`` and
``USER_LABEL_QUERIES``; a dataset type without a labeller keeps CKAN's defaults.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

import flask
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from ckan import model
from ckan.lib.plugins import DefaultPermissionLabels

_default = DefaultPermissionLabels()

# dataset type -> function(dataset_obj) returning its labels, or None to
# fall back to CKAN's defaults.
DATASET_LABELLERS: dict[str, Callable[[Any], Optional[list[str]]]] = {}


class AskingUser:
    """The signed-in user, as bind parameters of the user-labels statement."""

    id = sa.bindparam("thainguyen_user_id", type_=sa.UnicodeText)
    sysadmin = sa.bindparam("thainguyen_user_sysadmin", type_=sa.Boolean)


# functions(user) returning a SELECT of one text column named ``label``: the
# extra labels of ``user`` (an ``AskingUser``), or None for a feature with
# none. Every signed-in request needs them: all features' SELECTs run as one
# statement, built once (values that change, such as the time, go in as
# bind parameters computed at execution).
USER_LABEL_QUERIES: list[Callable[[Any], Optional[sa.sql.Select]]] = []

_statements: dict[tuple[Any, ...], Any] = {}


def get_dataset_labels(dataset_obj: Any) -> list[str]:
    labeller = DATASET_LABELLERS.get(dataset_obj.type)
    labels = labeller(dataset_obj) if labeller else None
    if labels is None:
        return _default.get_dataset_labels(dataset_obj)
    return labels


# A user's labels, cached in the app context (one per request): CKAN's auth
# and our data checks each ask for them several times per request, and
# computing them costs several queries per labeller.
_CACHE_ATTR = "_thainguyen_user_labels"


def _cache() -> Optional[dict[str, list[str]]]:
    if not flask.has_app_context():
        return None
    return flask.g.setdefault(_CACHE_ATTR, {})


def _forget_cached_labels(*_args: Any) -> None:
    # Any write may change memberships or grants: labels are recomputed.
    if flask.has_app_context():
        flask.g.pop(_CACHE_ATTR, None)


for _session_event in ("after_flush", "after_commit", "after_rollback"):
    event.listen(OrmSession, _session_event, _forget_cached_labels)


def get_user_dataset_labels(user_obj: Any) -> list[str]:
    cache = _cache()
    user_id = getattr(user_obj, "id", None)
    if cache is None or not user_id:
        return _compute_user_labels(user_obj)
    if user_id not in cache:
        cache[user_id] = _compute_user_labels(user_obj)
    return list(cache[user_id])


def _compute_user_labels(user_obj: Any) -> list[str]:
    labels = _default.get_user_dataset_labels(user_obj)
    if user_obj and not user_obj.is_anonymous:
        labels.extend(_query_user_labels(user_obj))
    # De-duplicate but keep order stable so Solr queries are cache-friendly.
    return list(dict.fromkeys(labels))


def _query_user_labels(user_obj: Any) -> list[str]:
    statement = _user_labels_statement()
    if statement is None:
        return []
    params = {"thainguyen_user_id": user_obj.id,
              "thainguyen_user_sysadmin": bool(user_obj.sysadmin)}
    return [label for (label,) in model.Session.execute(statement, params)]


def _user_labels_statement() -> Any:
    # Building a statement (and its SQLAlchemy cache key) costs more than
    # running it: build once, run with new parameters.
    registered = tuple(USER_LABEL_QUERIES)
    if registered not in _statements:
        _statements.clear()
        _statements[registered] = _union(registered)
    return _statements[registered]


def _union(make_queries: tuple[Any, ...]) -> Any:
    branches = []
    for position, make_query in enumerate(make_queries):
        query = make_query(AskingUser)
        if query is not None:
            rows = query.subquery()
            branches.append(sa.select(sa.literal(position).label("position"),
                                      rows.c.label.label("label")))
    if not branches:
        return None
    union = sa.union_all(*branches).subquery()
    return sa.select(union.c.label).order_by(union.c.position, union.c.label)
