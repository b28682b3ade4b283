"""Gathering a plugin's actions, auth functions, validators and helpers from its modules."""
from __future__ import annotations

from types import ModuleType
from typing import Any, Callable

from ckanext.thainguyen.core.config import plugin_enabled


def members(*modules: ModuleType) -> Callable[[], dict[str, Any]]:
    """For ``tk.blanket``: the names each module lists in ``__all__``, and
    those it lists in ``CHAINED_WHEN_ENABLED`` under a plugin the site enables
    (a chained action or auth function needs the one it chains), read when
    CKAN loads the plugins."""
    def collect() -> dict[str, Any]:
        found: dict[str, Any] = {}
        for module in modules:
            names = list(module.__all__)
            for plugin, chained in getattr(module, "CHAINED_WHEN_ENABLED", {}).items():
                if plugin_enabled(plugin):
                    names.extend(chained)
            for name in names:
                if name in found:
                    raise RuntimeError(f"{name} is defined twice ({module.__name__})")
                found[name] = getattr(module, name)
        return found
    return collect
