"""Reading the site's configuration."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def plugin_enabled(name: str) -> bool:
    """Whether ``name`` is in ``ckan.plugins`` (read before plugins load)."""
    plugins = tk.config.get("ckan.plugins") or []
    if isinstance(plugins, str):
        plugins = plugins.split()
    return name in plugins
