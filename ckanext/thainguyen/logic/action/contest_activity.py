"""activity_create, chained so that no activity of an innovation entry is
stored with the team's emails and phones (see contest_activity.py)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.thainguyen import contest_activity
from ckanext.thainguyen.sharing_labels import plugin_enabled

__all__: list[str] = []

# Chaining needs the chained action to exist: only with ckanext-activity.
if plugin_enabled("activity"):
    __all__ += ["activity_create"]


@tk.chained_action
def activity_create(original_action: Any, context: Any, data_dict: dict[str, Any]) -> Any:
    return original_action(context, contest_activity.redacted_activity(data_dict))
