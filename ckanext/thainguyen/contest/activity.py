"""Activity-stream records of innovation-contest entries.

An entry's workflow status lives in ``thainguyen_contest_entry``, not in the
dataset, so no package_update announces a status change: the workflow
actions record a "changed package" activity themselves, carrying the old and
the new status.

ckanext-activity stores a whole package_show with every activity, made as
whoever is signed in: an entrant editing a draft through the web would store
the team's emails and phones, and the stream is served with its data to
everyone who may see the entry (judges; the public once it is awarded).
``redacted_activity`` is applied to every activity before it is stored
(``activity_create`` is chained in contest/action/activity.py).

``status_history`` reads the workflow steps back for the entry page and the
``thainguyen_entry_status_history`` action: the stream page itself only says
"X updated the entry".
"""
from __future__ import annotations

import copy
from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from ckan.plugins import plugin_loaded
from ckan.lib.plugins import get_permission_labels

from ckanext.thainguyen.contest import hooks, rules
from ckanext.thainguyen.core.redaction import blank_strings_holding
from ckanext.thainguyen.core.users import user_obj

STATUS_KEY = "contest_status"


def _personal_values(pkg: model.Package) -> set[str]:
    values = set()
    for member in rules.stored_team(pkg):
        for field in rules.PERSONAL_FIELDS:
            value = str(member.get(field) or "").strip()
            if value:
                values.add(value)
    return values


def redacted_activity(data_dict: dict[str, Any]) -> dict[str, Any]:
    """``data_dict`` of activity_create, without the team's personal data
    when it is about an innovation entry (unchanged otherwise)."""
    data = data_dict.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("package"), dict):
        return data_dict
    package = data["package"]
    pkg = model.Package.get(data_dict.get("object_id") or package.get("id") or "")
    if (package.get("type") or getattr(pkg, "type", None)) != rules.ENTRY_TYPE:
        return data_dict
    data = copy.deepcopy(data)
    hooks.redact_team(data["package"])
    secrets = _personal_values(pkg) if pkg is not None else set()
    if secrets:
        data = blank_strings_holding(data, secrets)
    return dict(data_dict, data=data)


def record_status_change(context: Any, pkg: model.Package, old_status: str,
                         new_status: str, prize: Optional[str] = None) -> None:
    """Add a "changed package" activity for a workflow step, in the caller's
    transaction (the caller commits, so the step and its record go together)."""
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
                STATUS_KEY: {"from": old_status, "to": new_status, "prize": prize},
            },
            "permission_labels": get_permission_labels().get_dataset_labels(pkg),
        },
    )


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
        "user": name,
        "user_display_name": fullname or name,
    } for timestamp, change, name, fullname in rows if isinstance(change, dict)]
