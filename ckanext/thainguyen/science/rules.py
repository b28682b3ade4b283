"""Science-project funding records: statuses, choices, who may see what.

A project (dataset type ``science-project``) is private while ``proposed``:
the host organisation (CKAN's ``member-<org>`` label) and the science
department (our ``thainguyen-science-department`` label) may see it. From
``approved`` on it is public. The principal investigator's contact details
are personal data (declared in schemas/science_project.yaml; who sees
them: ``hooks.may_see_personal``).
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.lib.plugins import DefaultPermissionLabels

from ckanext.thainguyen.core import permissions

DATASET_TYPE = "science-project"
SCIENCE_DEPARTMENT_LABEL = "thainguyen-science-department"
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


def science_department_membership(user: Any) -> Any:
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


def dataset_labels(dataset_obj: Any) -> list[str]:
    """Permission labels of a project: CKAN's, plus the science department's while private."""
    labels = _default_labels.get_dataset_labels(dataset_obj)
    if dataset_obj.private and dataset_obj.state == "active":
        labels.append(SCIENCE_DEPARTMENT_LABEL)
    return labels
