"""Auth of the science-funding actions.

Both are open to everyone, anonymous visitors included: what they return is
filtered by the caller's own permission labels, so no one learns more than
package_search would tell them.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["thainguyen_funding_summary", "thainguyen_project_export"]


@tk.auth_allow_anonymous_access
def thainguyen_funding_summary(context: Any, data_dict: Any) -> dict[str, bool]:
    return {"success": True}


@tk.auth_allow_anonymous_access
def thainguyen_project_export(context: Any, data_dict: Any) -> dict[str, bool]:
    return {"success": True}
