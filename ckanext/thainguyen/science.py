"""Science-project funding records: visibility, personal data, index shape.

A project (dataset type ``science-project``) is private while ``proposed``:
the host organisation (CKAN's ``member-<org>`` label) and the science
department (our ``thainguyen-science-department`` label) may see it. From
``approved`` on it is public. The principal investigator's contact details
are shown only to the host organisation, the science department and
sysadmins; they never reach the search index.
"""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import authz, model
from ckan.lib.plugins import DefaultPermissionLabels

from ckanext.thainguyen import hooks, permissions

DATASET_TYPE = "science-project"
SCIENCE_DEPARTMENT_LABEL = "thainguyen-science-department"
CONTACT_FIELDS = ("pi_email", "pi_phone")
# Stored as JSON extras by scheming; Solr's schema wants plain strings.
COMPOSITE_FIELDS = ("funding", "outputs")

LEVELS = ("national", "provincial", "grassroots")
FIELDS_OF_SCIENCE = (
    "natural_sciences", "engineering_technology", "medical_health",
    "agricultural", "social_sciences", "humanities",
)
STATUSES = ("proposed", "approved", "in_progress", "accepted", "completed", "cancelled")
PRIVATE_STATUSES = ("proposed",)

_default_labels = DefaultPermissionLabels()


def science_department_org() -> str:
    return tk.config.get("ckanext.thainguyen.science_department_org")


def is_science_department_member(user_obj: Any) -> bool:
    if not user_obj or getattr(user_obj, "is_anonymous", True):
        return False
    # The user's labels say it, computed once per request.
    return SCIENCE_DEPARTMENT_LABEL in permissions.get_user_dataset_labels(user_obj)


def _science_department_membership(user: Any) -> Any:
    """A SELECT of ``user``'s memberships of the science department."""
    # Read at each execution: the setting may change while the site runs.
    org_ref = sa.bindparam("thainguyen_science_department_org",
                           callable_=science_department_org, type_=sa.UnicodeText)
    # Every role in an organisation may read it.
    return (
        sa.select(model.Member.id)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .where(
            sa.or_(model.Group.id == org_ref, model.Group.name == org_ref),
            model.Group.is_organization.is_(True),
            model.Member.table_name == "user",
            model.Member.table_id == user.id,
            model.Member.state == "active",
        )
    )


def may_see_contact(context: dict[str, Any], pkg_dict: dict[str, Any]) -> bool:
    """Host organisation members, the science department, sysadmins."""
    user_obj = _user_obj(context)
    if user_obj is None:
        # Anonymous visitors, and internal package_show calls without a user:
        # the activity plugin stores what those return in the (public)
        # activity stream. Writes always carry a user, so nothing is lost.
        return False
    if user_obj.sysadmin:
        return True
    owner_org = pkg_dict.get("owner_org")
    if owner_org and authz.has_user_permission_for_group_or_org(owner_org, user_obj.name, "read"):
        return True
    return is_science_department_member(user_obj)


def _user_obj(context: dict[str, Any]) -> Any:
    user_obj = context.get("auth_user_obj")
    if user_obj is not None and not getattr(user_obj, "is_anonymous", False):
        return user_obj
    name = context.get("user")
    return model.User.get(name) if name else None


# --- permission labels -------------------------------------------------------

def dataset_labels(dataset_obj: Any) -> list[str]:
    labels = _default_labels.get_dataset_labels(dataset_obj)
    if dataset_obj.private and dataset_obj.state == "active":
        labels.append(SCIENCE_DEPARTMENT_LABEL)
    return labels


def user_label_query(user: Any) -> Any:
    """USER_LABEL_QUERY: the science department's label for its members
    (and sysadmins)."""
    return sa.select(sa.literal(SCIENCE_DEPARTMENT_LABEL).label("label")).where(
        sa.or_(user.sysadmin.is_(True), _science_department_membership(user).exists()))


permissions.DATASET_LABELLERS[DATASET_TYPE] = dataset_labels
permissions.USER_LABEL_QUERIES.append(user_label_query)


# --- personal data -------------------------------------------------------------

@hooks.register("after_show", DATASET_TYPE)
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


@hooks.register("after_search_result", DATASET_TYPE)
def redact_search_result(context: dict[str, Any], pkg_dict: dict[str, Any]) -> None:
    for field in CONTACT_FIELDS:
        pkg_dict.pop(field, None)


@hooks.register("before_index", DATASET_TYPE)
def shape_index(pkg_dict: dict[str, Any]) -> None:
    for field in CONTACT_FIELDS:
        pkg_dict.pop(field, None)
        pkg_dict.pop(f"extras_{field}", None)
    validated = hooks.loads_validated(pkg_dict)
    if validated is not None:
        for field in CONTACT_FIELDS:
            validated.pop(field, None)
        hooks.dumps_validated(pkg_dict, validated)
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


# --- keeping the funding tables in step ------------------------------------------

def after_dataset_create(context: dict[str, Any], pkg_dict: dict[str, Any]) -> None:
    _sync(pkg_dict)


def after_dataset_update(context: dict[str, Any], pkg_dict: dict[str, Any]) -> None:
    _sync(pkg_dict)


def after_dataset_delete(context: dict[str, Any], pkg_dict: dict[str, Any]) -> None:
    from ckanext.thainguyen import science_store

    science_store.remove_project(pkg_dict.get("id"))


def _sync(pkg_dict: dict[str, Any]) -> None:
    from ckanext.thainguyen import science_store

    if pkg_dict.get("id"):
        science_store.sync_project(pkg_dict["id"])
