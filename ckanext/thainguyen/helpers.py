"""Template helpers, all prefixed ``thainguyen_``."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def thainguyen_hide_restricted_metadata() -> bool:
    return tk.config.get("ckanext.thainguyen.hide_restricted_metadata")
