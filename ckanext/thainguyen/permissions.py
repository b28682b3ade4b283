"""Permission labels: who may find a dataset in search and read it.

CKAN asks one IPermissionLabels implementation for both sides of the match
(labels on the dataset at index time, labels of the user at query time). Each
record type contributes its own rules through ``DATASET_LABELLERS`` and
``USER_LABELLERS``; a dataset type without a labeller keeps CKAN's defaults.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

import flask
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from ckan.lib.plugins import DefaultPermissionLabels

_default = DefaultPermissionLabels()

# dataset type -> function(dataset_obj) returning its labels, or None to
# fall back to CKAN's defaults.
DATASET_LABELLERS: dict[str, Callable[[Any], Optional[list[str]]]] = {}

# functions(user_obj) returning extra labels for a signed-in user.
USER_LABELLERS: list[Callable[[Any], list[str]]] = []


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
        for labeller in USER_LABELLERS:
            labels.extend(labeller(user_obj))
    # De-duplicate but keep order stable so Solr queries are cache-friendly.
    return list(dict.fromkeys(labels))
