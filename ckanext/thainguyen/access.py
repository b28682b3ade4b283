"""Access grants for special-mode entries, as permission labels.

Special entries carry the label ``grant-<package id>`` (see ``sharing``); a
user holding an approved, unexpired, unrevoked grant carries the same label.
User labels are computed on every search and package_show, so approving,
revoking or a grant running out takes effect at once, without reindexing.
"""
from __future__ import annotations

from ckanext.thainguyen import permissions
from ckanext.thainguyen.sharing_labels import grant_label, grant_label_query

__all__ = ["grant_label", "grant_label_query"]

permissions.USER_LABEL_QUERIES.append(grant_label_query)
