"""Permission labels: who may find a dataset in search and read it.

CKAN asks one IPermissionLabels implementation for both sides of the match
(labels on the dataset at index time, labels of the user at query time). Each
record type contributes its own rules through ``DATASET_LABELLERS`` and
``USER_LABELLERS``; a dataset type without a labeller keeps CKAN's defaults.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

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


def get_user_dataset_labels(user_obj: Any) -> list[str]:
    labels = _default.get_user_dataset_labels(user_obj)
    if user_obj and not user_obj.is_anonymous:
        for labeller in USER_LABELLERS:
            labels.extend(labeller(user_obj))
    # De-duplicate but keep order stable so Solr queries are cache-friendly.
    return list(dict.fromkeys(labels))
