"""How CKAN shows and indexes science projects, and the funding tables kept in step.

Declared to the ``thainguyen`` plugin as ``record_type`` and
``user_label_query`` (``IThainguyenFeature``); the write hooks are called by
the ``thainguyen_science`` plugin's IPackageController.
"""
from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from ckan import authz, model

from ckanext.thainguyen.core.records import RecordType, is_creator
from ckanext.thainguyen.science import store
from ckanext.thainguyen.science.rules import (
    COMPOSITE_FIELDS,
    DATASET_TYPE,
    SCIENCE_DEPARTMENT_LABEL,
    dataset_labels,
    is_science_department_member,
    science_department_membership,
)


# --- permission labels -------------------------------------------------------

def user_label_query(user: Any) -> Any:
    """The science department's label for its members (and sysadmins)."""
    return sa.select(sa.literal(SCIENCE_DEPARTMENT_LABEL).label("label")).where(
        sa.or_(user.sysadmin.is_(True), science_department_membership(user).exists()))


# --- personal data -------------------------------------------------------------
# pi_email and pi_phone are declared personal in schemas/science_project.yaml;
# core.records takes them out of every copy (the index never holds them).

def may_see_personal(user: Any, pkg: model.Package) -> bool:
    """The project's creator, its host organisation's editors and admins,
    and the science department's staff (any member of its organisation)."""
    if is_creator(user, pkg):
        return True
    if pkg.owner_org and authz.has_user_permission_for_group_or_org(
            pkg.owner_org, user.name, "update_dataset"):
        return True
    return is_science_department_member(user)


def shape_index(pkg_dict: dict[str, Any]) -> None:
    for field in COMPOSITE_FIELDS:
        value = pkg_dict.get(field)
        if isinstance(value, (list, dict)):
            pkg_dict[field] = json.dumps(value)


record_type = RecordType(
    dataset_type=DATASET_TYPE,
    dataset_labels=dataset_labels,
    before_index=shape_index,
    may_see_personal=may_see_personal,
)


# --- keeping the funding tables in step ------------------------------------------

def after_dataset_write(context: dict[str, Any], pkg_dict: dict[str, Any]) -> None:
    """After a dataset's create or update (any type: ``sync_project`` checks it)."""
    if pkg_dict.get("id"):
        store.sync_project(pkg_dict["id"])


def after_dataset_delete(context: dict[str, Any], pkg_dict: dict[str, Any]) -> None:
    store.remove_project(pkg_dict.get("id"))
