"""An entry's workflow steps read back from its activity stream (no
activity keeps the team's e-mails and phones: catalogue/activity.py chains
activity_create for every record type)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.contest import activity, schema
from ckanext.thainguyen.contest.action.common import entry_or_404
from ckanext.thainguyen.core import records
from ckanext.thainguyen.core.validators import validate_or_raise

__all__ = ["thainguyen_entry_status_history"]


@tk.side_effect_free
def thainguyen_entry_status_history(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    """An entry's workflow steps, oldest first (for its entrant and organisers)."""
    tk.check_access("thainguyen_entry_status_history", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_ref_schema(), context)
    pkg, state = entry_or_404(data["id"])
    # Like package_show: the outcome waits for the results (core.redaction).
    steps = activity.visible_steps(context.get("user"), pkg, activity.status_history(pkg))
    shown = {"id": pkg.id, "type": pkg.type, "contest_status": state.status}
    records.show_to_viewer(context, shown, restore=False)
    return {"id": pkg.id, "name": pkg.name, "status": shown["contest_status"], "steps": steps}
