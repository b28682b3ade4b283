"""activity_create, chained so that no activity of an innovation entry is
stored with the team's emails and phones (see contest_activity.py), and the
entry's workflow steps read back from its activity stream."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.thainguyen import contest, contest_activity, contest_schema
from ckanext.thainguyen.sharing_labels import plugin_enabled

from .contest import _entry_or_404, _validated

__all__: list[str] = ["thainguyen_entry_status_history"]

# Chaining needs the chained action to exist: only with ckanext-activity.
if plugin_enabled("activity"):
    __all__ += ["activity_create"]


@tk.chained_action
def activity_create(original_action: Any, context: Any, data_dict: dict[str, Any]) -> Any:
    return original_action(context, contest_activity.redacted_activity(data_dict))


@tk.side_effect_free
def thainguyen_entry_status_history(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """An entry's workflow steps, oldest first (for its entrant and organisers)."""
    tk.check_access("thainguyen_entry_status_history", context, data_dict)
    data = _validated(data_dict, contest_schema.entry_ref_schema(), context)
    pkg, state = _entry_or_404(data["id"])
    steps = contest_activity.status_history(pkg)
    edition = contest.edition_of(pkg)
    if not (contest.results_published(edition) or contest.is_organiser(context.get("user"), edition)):
        # Like the entry page: the entrant learns the prize at publication.
        for step in steps:
            step["prize"] = None
    return {"id": pkg.id, "name": pkg.name, "status": state.status, "steps": steps}
