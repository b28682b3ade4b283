"""The catalogue's choice values as concepts of the EU vocabularies, both ways.

The mapping is data (``schemas/dcat.yaml``, or the file named by
``ckanext.thainguyen.dcat.mapping``): one block per vocabulary, a ``base``
URI and ``values`` from the schema's choice value to the concept's code.
"""
from __future__ import annotations

import dataclasses
import functools
import importlib.resources
from typing import Any, Optional

import yaml

import ckan.plugins.toolkit as tk

CONFIG_KEY = "ckanext.thainguyen.dcat.mapping"

ACCESS_RIGHTS = "access_rights"
FREQUENCY = "frequency"
THEME = "theme"
VOCABULARIES = (ACCESS_RIGHTS, FREQUENCY, THEME)


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    base: str
    codes: dict[str, str]

    def uri(self, value: Any) -> Optional[str]:
        """The concept URI of the catalogue value ``value``, if it has one."""
        code = self.codes.get(str(value)) if value not in (None, "") else None
        return self.base + code if code else None

    def value(self, uri: Any) -> Optional[str]:
        """The catalogue value of the concept ``uri``: the first one listed
        when several values share the concept (sectors sharing a theme)."""
        for value, code in self.codes.items():
            if self.base + code == str(uri):
                return value
        return None

    @property
    def scheme(self) -> str:
        """The concept scheme (the authority table) itself."""
        return self.base.rstrip("/")


def _text(location: str) -> str:
    # ``package:file`` as ckanext-scheming names schemas, or a plain path.
    if ":" in location and not location.startswith("/"):
        package, _, name = location.partition(":")
        return importlib.resources.files(package).joinpath(name).read_text(encoding="utf-8")
    with open(location, encoding="utf-8") as f:
        return f.read()


@functools.lru_cache(maxsize=4)
def _load(location: str) -> dict[str, Vocabulary]:
    data = yaml.safe_load(_text(location)) or {}
    found = {}
    for name in VOCABULARIES:
        block = data.get(name)
        if not isinstance(block, dict) or not block.get("base") \
                or not isinstance(block.get("values"), dict):
            raise ValueError(f"{location}: '{name}' needs a 'base' URI and a 'values' mapping")
        found[name] = Vocabulary(base=str(block["base"]),
                                 codes={str(k): str(v) for k, v in block["values"].items()})
    return found


def vocabularies() -> dict[str, Vocabulary]:
    """The site's mapping, read once per file."""
    return _load(tk.config.get(CONFIG_KEY))


def vocabulary(name: str) -> Vocabulary:
    return vocabularies()[name]
