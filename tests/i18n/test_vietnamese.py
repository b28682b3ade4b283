"""Vietnamese first: every user-facing string has a `vi` translation."""
from __future__ import annotations

import os

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import ckanext.thainguyen as package
import ckanext.thainguyen.i18n as i18n_package
import ckanext.thainguyen.schemas as schemas_package

PACKAGE_DIR = os.path.dirname(package.__file__)
I18N_DIR = os.path.dirname(i18n_package.__file__)
SCHEMAS_DIR = os.path.dirname(schemas_package.__file__)
PO_PATH = os.path.join(I18N_DIR, "vi", "LC_MESSAGES", "ckanext-thainguyen.po")
MO_PATH = os.path.join(I18N_DIR, "vi", "LC_MESSAGES", "ckanext-thainguyen.mo")

# The same extractors setup.py declares for `python setup.py extract_messages`.
METHOD_MAP = [
    ("**.py", "python"),
    ("**/templates/**.html", "ckan.lib.extract:extract_ckan"),
]


def _extracted_msgids() -> dict[str, str]:
    found = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        PACKAGE_DIR, METHOD_MAP, keywords={"_": None, "ungettext": (1, 2), "ngettext": (1, 2)},
    ):
        msgids = message if isinstance(message, tuple) else (message,)
        for msgid in msgids:
            if msgid:
                found[msgid] = filename
    return found


def _catalogue(path, reader):
    with open(path, "rb") as f:
        return reader(f, locale="vi") if reader is read_po else reader(f)


def test_every_ui_string_has_a_vietnamese_translation():
    catalogue = _catalogue(PO_PATH, read_po)
    missing = {
        msgid: where for msgid, where in _extracted_msgids().items()
        if not (catalogue.get(msgid) and catalogue.get(msgid).string)
    }
    assert not missing, f"untranslated strings (msgid: file): {missing}"


def test_compiled_catalogue_matches_the_po_file():
    po = _catalogue(PO_PATH, read_po)
    mo = _catalogue(MO_PATH, read_mo)
    po_pairs = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in po if m.id and m.string}
    mo_pairs = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in mo if m.id and m.string}
    assert po_pairs == mo_pairs, "run: pybabel compile -D ckanext-thainguyen -d i18n -l vi"


def _labels(node, path=""):
    """Yield (path, value) for every label/help text in a scheming schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("label", "help_text", "form_placeholder", "about") and isinstance(value, (dict, str)):
                yield f"{path}.{key}", value
            yield from _labels(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _labels(item, f"{path}[{i}]")


@pytest.mark.parametrize("schema_file", sorted(
    f for f in os.listdir(SCHEMAS_DIR) if f.endswith(".yaml")
))
def test_schema_labels_are_bilingual(schema_file):
    with open(os.path.join(SCHEMAS_DIR, schema_file), encoding="utf-8") as f:
        schema = yaml.safe_load(f)
    fields = schema.get("dataset_fields", []) + schema.get("resource_fields", []) + schema.get("fields", [])
    problems = [
        path for path, value in _labels(fields)
        if path.endswith(".label") and not (
            isinstance(value, dict) and value.get("vi") and value.get("en")
        )
    ]
    assert not problems, f"labels without both vi and en: {problems}"
    # An unquoted comma in a flow mapping ({vi: Cá nhân, người dân, en: ...})
    # cuts the label and makes the rest a key of its own.
    cut = [path for path, value in _labels(fields) if isinstance(value, dict) and set(value) != {"vi", "en"}]
    assert not cut, f"labels cut at a comma (quote them): {cut}"
