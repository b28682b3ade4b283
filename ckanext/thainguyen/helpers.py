"""Template helpers, all prefixed ``thainguyen_``."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def thainguyen_hide_restricted_metadata() -> bool:
    return tk.config.get("ckanext.thainguyen.hide_restricted_metadata")


# ---------------------------------------------------------------- sharing modes (h3a)
def thainguyen_shared_with_choices(field: dict) -> list:
    """Choices of the ``shared_with`` field: every agency, or all of them."""
    from ckan import model
    from ckanext.thainguyen.sharing_labels import SHARED_WITH_ALL
    orgs = (
        model.Session.query(model.Group.id, model.Group.title, model.Group.name)
        .filter(model.Group.is_organization.is_(True), model.Group.state == "active")
        .order_by(model.Group.title)
        .all()
    )
    choices = [{"value": SHARED_WITH_ALL, "label": tk._("All state agencies")}]
    choices.extend({"value": org_id, "label": title or name} for org_id, title, name in orgs)
    return choices


def thainguyen_sharing_mode_label(mode: str) -> str:
    """Short label of a sharing mode, for badges."""
    labels = {
        "open": tk._("Open data"),
        "default": tk._("Shared (default mode)"),
        "special": tk._("Shared (special mode)"),
    }
    return labels.get(mode or "", tk._("Unclassified"))


def thainguyen_data_access(pkg_or_res: dict) -> dict:
    """What ``sharing`` decided for the current user (``{"data": bool, ...}``)."""
    return (pkg_or_res or {}).get("thainguyen_access") or {"data": True}


# ---------------------------------------------------------------- science funding (h5)
def thainguyen_vnd(amount) -> str:
    """``54.000.000.000 ₫``"""
    from ckanext.thainguyen.science_amounts import format_vnd
    return format_vnd(int(amount or 0))


def thainguyen_vnd_words(amount) -> str:
    """``54 tỷ đồng``: the currency's own words, in every UI language."""
    from ckanext.thainguyen.science_amounts import format_vnd_words
    return f"{format_vnd_words(int(amount or 0))} đồng"


def thainguyen_percent(share) -> str:
    """0.3 -> ``30 %``; 0.2857 -> ``28,6 %`` (Vietnamese decimal comma)."""
    if share is None:
        return "–"
    text = f"{share * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} %"


def thainguyen_funding_chart(funding) -> dict:
    """Stacked bars (state budget, non-budget) of one project's funding rows."""
    from ckanext.thainguyen import science_charts
    rows = sorted((r for r in (funding or []) if isinstance(r, dict)), key=lambda r: int(r.get("year") or 0))
    return science_charts.stacked_bars(rows, "year", [
        ("state_budget_vnd", tk._("State budget"), "thainguyen-bar-state"),
        ("non_budget_vnd", tk._("Non-budget (counterpart)"), "thainguyen-bar-nonbudget"),
    ])


# ---------------------------------------------------------------- access requests (h3b)
def thainguyen_access_status_label(status: str) -> str:
    from ckanext.thainguyen.logic.action.access import status_label
    return status_label(status)


def thainguyen_access_status_style(status: str) -> str:
    """Bootstrap badge colour of a request status."""
    return {
        "pending": "warning", "approved": "success", "rejected": "danger",
    }.get(status, "secondary")


def thainguyen_can_request_access(pkg_dict: dict) -> bool:
    """Whether to offer the "request access" button on an entry's page."""
    return (pkg_dict or {}).get("sharing_mode") == "special" and (pkg_dict or {}).get("state") == "active"


def thainguyen_is_org_admin(org_id: str) -> bool:
    """Whether the current user decides access requests for ``org_id``."""
    from ckanext.thainguyen.logic.auth.access import is_org_admin
    user = tk.current_user
    return bool(user and user.is_authenticated and is_org_admin(user.name, org_id))


# ---------------------------------------------------------------- innovation contest (h4)
def thainguyen_contest_status_label(status: str) -> str:
    from ckanext.thainguyen import contest
    return contest.status_label(status)


def thainguyen_contest_prize_label(level: str) -> str:
    from ckanext.thainguyen import contest
    return contest.prize_label(level)


def thainguyen_contest_choice_label(field_name: str, value: str) -> str:
    """Label of a select field of the innovation-entry schema, in the UI language."""
    schema = tk.h.scheming_get_dataset_schema("innovation-entry") or {}
    for field in schema.get("dataset_fields", []):
        if field["field_name"] == field_name:
            for choice in field.get("choices", []):
                if choice["value"] == value:
                    return tk.h.scheming_language_text(choice["label"])
    return value


def thainguyen_contest_choices(field_name: str) -> list:
    schema = tk.h.scheming_get_dataset_schema("innovation-entry") or {}
    for field in schema.get("dataset_fields", []):
        if field["field_name"] == field_name:
            return [{"value": c["value"], "label": tk.h.scheming_language_text(c["label"])}
                    for c in field.get("choices", [])]
    return []
