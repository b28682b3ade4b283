"""Activity-stream records of innovation-contest entries.

An entry's workflow status lives in ``thainguyen_contest_entry``, not in the
dataset, so no package_update announces a status change: the workflow
actions record a "changed package" activity themselves, carrying the old and
the new status.

ckanext-activity stores a whole package_show with every activity, made as
whoever is signed in: an entrant editing a draft through the web would store
the team's emails and phones, and the stream is served with its data to
everyone who may see the entry (judges; the public once it is awarded).
No activity is stored with personal data (``core.records.redacted_for_storage``,
chained to activity_create for every record type).

``status_history`` reads the workflow steps back for the entry page and the
``thainguyen_entry_status_history`` action: the stream page itself only says
"X updated the entry".
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from ckan.plugins import plugin_loaded
from ckan.lib.plugins import get_permission_labels

from ckanext.thainguyen.contest import rules
from ckanext.thainguyen.core import records, redaction
from ckanext.thainguyen.core.users import user_obj

STATUS_KEY = "contest_status"


def record_status_change(context: Any, pkg: model.Package, old_status: str,
                         new_status: str, prize: Optional[str] = None,
                         correction: Optional[str] = None) -> None:
    """Add a "changed package" activity for a workflow step, in the caller's
    transaction (the caller commits, so the step and its record go together);
    ``correction``: the reason of a correction of published results."""
    if not plugin_loaded("activity"):
        return
    actor = user_obj(context.get("user"))
    if actor is None:
        return
    # As nobody in particular: this copy is stored, so it must be redacted.
    package = tk.get_action("package_show")(
        {"user": "", "ignore_auth": True, "for_view": False, "use_cache": False},
        {"id": pkg.id, "include_tracking": False})
    tk.get_action("activity_create")(
        {"user": actor.name, "ignore_auth": True, "defer_commit": True},
        {
            "user_id": actor.id,
            "object_id": pkg.id,
            "activity_type": "changed package",
            "data": {
                "package": package,
                "actor": actor.name,
                STATUS_KEY: {"from": old_status, "to": new_status, "prize": prize,
                             **({"correction": correction} if correction else {})},
            },
            "permission_labels": get_permission_labels().get_dataset_labels(pkg),
        },
    )


def visible_steps(user: Any, pkg: model.Package,
                  steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``steps`` without the outcome (its step and prize) for those who may
    not see it yet (schemas/innovation_entry.yaml: embargoed fields)."""
    fields = records.hidden_fields(rules.ENTRY_TYPE)
    kinds = records.hidden_kinds(records.record_type(rules.ENTRY_TYPE), user_obj(user), pkg, fields)
    if redaction.EMBARGOED not in kinds:
        return steps
    outcome = {value for f in fields if f.field == STATUS_KEY and f.values for value in f.values}
    return [dict(step, prize=None) for step in steps if step.get("to_status") not in outcome]


def status_history(pkg: model.Package) -> list[dict[str, Any]]:
    """The workflow steps recorded for ``pkg``, oldest first: when, from and
    to which status, the prize, and who (name only, never an email)."""
    if not plugin_loaded("activity"):
        return []
    from ckanext.activity.model import Activity

    # Only the step is read: each record also stores a whole package_show,
    # which need not travel from the database.
    step = sa.cast(sa.type_coerce(Activity.data, sa.UnicodeText), JSONB)[STATUS_KEY]
    rows = (model.Session.query(Activity.timestamp, step, model.User.name, model.User.fullname)
            .outerjoin(model.User, model.User.id == Activity.user_id)
            .filter(Activity.object_id == pkg.id,
                    Activity.activity_type == "changed package",
                    step.isnot(None))
            .order_by(Activity.timestamp, Activity.id))
    return [{
        "timestamp": timestamp.isoformat(),
        "from_status": change.get("from"),
        "to_status": change.get("to"),
        "prize": change.get("prize") if change.get("to") == rules.AWARDED else None,
        "correction": change.get("correction"),
        "user": name,
        "user_display_name": fullname or name,
    } for timestamp, change, name, fullname in rows if isinstance(change, dict)]
