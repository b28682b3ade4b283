"""Blanking secrets wherever they hide in a nested dict, such as activity data.

Activity data holds whole dataset dicts and old values of changed fields, so
a secret (a resource URL, a team member's e-mail) can sit in any string.
"""
from __future__ import annotations

from typing import Any


def blank_strings_holding(value: Any, secrets: set[str]) -> Any:
    """``value`` with every string that contains one of ``secrets`` blanked."""
    if isinstance(value, dict):
        return {key: blank_strings_holding(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [blank_strings_holding(item, secrets) for item in value]
    if isinstance(value, str) and any(secret in value for secret in secrets):
        return ""
    return value
