"""Permission labels: who may find a dataset in search and read it.

CKAN asks one IPermissionLabels implementation for both sides of the match
(labels on the dataset at index time, labels of the user at query time): the
``thainguyen`` plugin answers with what every feature plugin declares through
``IThainguyenFeature`` (``RecordType.dataset_labels`` and
``user_label_queries``). A dataset type without a labeller keeps CKAN's
defaults.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

import flask
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from ckan import model
from ckan.lib.plugins import DefaultPermissionLabels

from ckanext.thainguyen.core import records

_default = DefaultPermissionLabels()


class AskingUser:
    """The signed-in user, as bind parameters of the user-labels statement."""

    id = sa.bindparam("thainguyen_user_id", type_=sa.UnicodeText)
    sysadmin = sa.bindparam("thainguyen_user_sysadmin", type_=sa.Boolean)


# Every signed-in request needs the users' extra labels: all features'
# SELECTs run as one statement, built once (values that change, such as the
# time, go in as bind parameters computed at execution).
_statements: dict[tuple[Any, ...], Any] = {}


def user_label_queries() -> tuple[Callable[[Any], Optional[sa.sql.Select]], ...]:
    return tuple(query for plugin in records.features() for query in plugin.user_label_queries())


def get_dataset_labels(dataset_obj: Any) -> list[str]:
    record = records.record_type(dataset_obj.type)
    labeller = record.dataset_labels if record is not None else None
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


_WRITE_EVENTS = ("after_flush", "after_commit", "after_rollback")


def forget_labels_on_writes() -> None:
    """Drop cached user labels whenever the session writes (called by the plugin)."""
    for name in _WRITE_EVENTS:
        if not event.contains(OrmSession, name, _forget_cached_labels):
            event.listen(OrmSession, name, _forget_cached_labels)


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
    labels.extend(label for plugin in records.features() for label in plugin.user_labels())
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
    registered = user_label_queries()
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
