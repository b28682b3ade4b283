"""activity_create, chained so that no activity of an innovation entry is
stored with the team's emails and phones (see contest/activity.py), and the
entry's workflow steps read back from its activity stream.

``activity_create`` is only registered with ckanext-activity
(``action.__all__``): chaining needs the chained action to exist."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.contest import activity, rules, schema
from ckanext.thainguyen.contest.action.common import entry_or_404
from ckanext.thainguyen.core.validators import validate_or_raise

__all__ = ["activity_create", "thainguyen_entry_status_history"]


@tk.chained_action
def activity_create(original_action: Any, context: Any, data_dict: dict[str, Any]) -> Any:
    return original_action(context, activity.redacted_activity(data_dict))


@tk.side_effect_free
def thainguyen_entry_status_history(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """An entry's workflow steps, oldest first (for its entrant and organisers)."""
    tk.check_access("thainguyen_entry_status_history", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_ref_schema(), context)
    pkg, state = entry_or_404(data["id"])
    steps = activity.status_history(pkg)
    edition = rules.edition_of(pkg)
    if not (rules.results_published(edition) or rules.is_organiser(context.get("user"), edition)):
        # Like the entry page: the entrant learns the prize at publication.
        for step in steps:
            step["prize"] = None
    return {"id": pkg.id, "name": pkg.name, "status": state.status, "steps": steps}
