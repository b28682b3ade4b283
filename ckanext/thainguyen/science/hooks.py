"""How CKAN shows and indexes science projects, and the funding tables kept in step.

Declared to the ``thainguyen`` plugin as ``record_type`` and
``user_label_query`` (``IThainguyenFeature``); the write hooks are called by
the ``thainguyen_science`` plugin's IPackageController.
"""
from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.thainguyen.core.records import RecordType, dumps_validated, loads_validated
from ckanext.thainguyen.science import store
from ckanext.thainguyen.science.rules import (
    COMPOSITE_FIELDS,
    CONTACT_FIELDS,
    DATASET_TYPE,
    SCIENCE_DEPARTMENT_LABEL,
    dataset_labels,
    may_see_contact,
    science_department_membership,
)


# --- permission labels -------------------------------------------------------

def user_label_query(user: Any) -> Any:
    """The science department's label for its members (and sysadmins)."""
    return sa.select(sa.literal(SCIENCE_DEPARTMENT_LABEL).label("label")).where(
        sa.or_(user.sysadmin.is_(True), science_department_membership(user).exists()))


# --- personal data -------------------------------------------------------------

def redact_or_restore_contact(context: dict[str, Any], pkg_dict: dict[str, Any]) -> None:
    if not may_see_contact(context, pkg_dict):
        for field in CONTACT_FIELDS:
            pkg_dict.pop(field, None)
        return
    # package_show may answer from the search index, which never holds the
    # contact details: put them back from the database for those allowed.
    pkg = model.Package.get(pkg_dict.get("id"))
    if pkg is None:
        return
    for field in CONTACT_FIELDS:
        value = (pkg.extras or {}).get(field)
        if value:
            pkg_dict[field] = value


def redact_search_result(context: dict[str, Any], pkg_dict: dict[str, Any]) -> None:
    for field in CONTACT_FIELDS:
        pkg_dict.pop(field, None)


def shape_index(pkg_dict: dict[str, Any]) -> None:
    for field in CONTACT_FIELDS:
        pkg_dict.pop(field, None)
        pkg_dict.pop(f"extras_{field}", None)
    validated = loads_validated(pkg_dict)
    if validated is not None:
        for field in CONTACT_FIELDS:
            validated.pop(field, None)
        dumps_validated(pkg_dict, validated)
    raw = pkg_dict.get("data_dict")
    if raw:
        data = json.loads(raw)
        data["extras"] = [e for e in data.get("extras", []) if e.get("key") not in CONTACT_FIELDS]
        for field in CONTACT_FIELDS:
            data.pop(field, None)
        pkg_dict["data_dict"] = json.dumps(data)
    for field in COMPOSITE_FIELDS:
        value = pkg_dict.get(field)
        if isinstance(value, (list, dict)):
            pkg_dict[field] = json.dumps(value)


record_type = RecordType(
    dataset_type=DATASET_TYPE,
    dataset_labels=dataset_labels,
    after_show=redact_or_restore_contact,
    after_search_result=redact_search_result,
    before_index=shape_index,
)


# --- keeping the funding tables in step ------------------------------------------

def after_dataset_write(context: dict[str, Any], pkg_dict: dict[str, Any]) -> None:
    """After a dataset's create or update (any type: ``sync_project`` checks it)."""
    if pkg_dict.get("id"):
        store.sync_project(pkg_dict["id"])


def after_dataset_delete(context: dict[str, Any], pkg_dict: dict[str, Any]) -> None:
    store.remove_project(pkg_dict.get("id"))
