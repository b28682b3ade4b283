"""Actions, one module per topic; the plugin's blanket reads ``__all__``."""
from __future__ import annotations

from . import search
from . import access
from . import sharing
from . import contest
from . import contest_judging
from . import contest_activity
from . import science
from . import legacy

_modules = [search, access, sharing, contest, contest_judging, contest_activity, science, legacy]

__all__: list[str] = []
for _module in _modules:
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
