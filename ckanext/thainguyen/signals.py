"""Subscriptions to CKAN signals."""
from __future__ import annotations

from typing import Any


def get_subscriptions() -> dict[Any, Any]:
    return {}
