"""The README's "Installing into an existing CKAN site" names the ini keys to
change and to add: checked against an ini that ``ckan generate config``
writes for the running release, so that following it never names a key twice."""
from __future__ import annotations

import configparser
import re
import subprocess
import sys
from pathlib import Path

import pytest

import ckan

ROOT = Path(__file__).resolve().parents[2]
# A row of the table of ini keys (their names have dots; the plugins' table's do not).
ROW = re.compile(r"^\| `(?P<key>[a-z0-9_]+\.[a-z0-9_.]+)` \| (?P<where>[^|]+) \| (?P<value>[^|]+) \|$")


def _install_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Installing into an existing CKAN site")
    return text[start:text.index("\n### ", start)]


def _key_table() -> dict[str, str]:
    rows = {m["key"]: m["where"].strip() for line in _install_section().splitlines()
            if (m := ROW.match(line.strip()))}
    assert "ckan.plugins" in rows and "scheming.dataset_schemas" in rows
    return rows


def _expected_in_generated(where: str) -> bool:
    release = ".".join(ckan.__version__.split(".")[:2])
    if where in ("change", "add"):
        return where == "change"
    found = {}
    for part in where.split(", "):
        what, _on, on_release = part.partition(" on ")
        found[on_release] = what
    assert release in found, f"{where!r} says nothing of CKAN {release}"
    return found[release] == "change"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> configparser.ConfigParser:
    path = tmp_path_factory.mktemp("generated") / "ckan.ini"
    subprocess.run([str(Path(sys.executable).with_name("ckan")), "generate", "config", str(path)],
                   check=True, capture_output=True)
    parser = configparser.ConfigParser(strict=True, interpolation=None)
    parser.read(path)
    return parser


def test_every_key_is_said_to_be_changed_or_added_as_the_generated_ini_has_it(generated):
    for key, where in _key_table().items():
        assert generated.has_option("app:main", key) is _expected_in_generated(where), (key, where)


def test_the_section_pastes_no_ini_block_and_covers_restart_datastore_and_visibility():
    section = _install_section()
    assert "```ini" not in section
    for needed in ("Restart CKAN", "datastore set-permissions", "datastore_ro",
                   "hide_restricted_metadata", "metadata is public", "--yes"):
        assert needed in section, needed
