"""Blueprints, one module per topic; each module lists its blueprints in
``__all__`` and the plugin's blanket collects them from here."""
from __future__ import annotations

from . import sharing
from . import science
from . import access
from . import contest
from . import contest_editions

_modules: list = [sharing, science, access, contest, contest_editions]

__all__: list[str] = []
for _module in _modules:
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
