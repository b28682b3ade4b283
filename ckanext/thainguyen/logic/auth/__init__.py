"""Auth functions, named exactly like their actions; one module per topic."""
from __future__ import annotations

from . import access
from . import sharing
from . import contest
from . import science

_modules: list = [access, sharing, contest, science]

__all__: list[str] = []
for _module in _modules:
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
