"""Access grants for special-mode entries, as permission labels.

Special entries carry the label ``grant-<package id>`` (see ``sharing``); a
user holding an approved, unexpired, unrevoked grant carries the same label.
User labels are computed on every search and package_show, so approving,
revoking or a grant running out takes effect at once, without reindexing.
"""
from __future__ import annotations

from typing import Any

from ckanext.thainguyen import permissions
from ckanext.thainguyen.model.access import active_grant_package_ids


def grant_label(package_id: str) -> str:
    return f"grant-{package_id}"


def grant_labels(user_obj: Any) -> list[str]:
    return [grant_label(package_id) for package_id in active_grant_package_ids(user_obj.id)]


permissions.USER_LABELLERS.append(grant_labels)
