"""Vietnamese first: every user-facing string has a `vi` translation."""
from __future__ import annotations

import ast
import os

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import ckan
from ckan.lib.i18n import get_ckan_i18n_dir

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


# And CKAN's own messages the catalogue corrects or completes (i18n/core_messages.py).
CORE_METHOD_MAP = [("core_messages.py", "python")]


def _extracted_msgids() -> dict[str, str]:
    found = {}
    for directory, method_map in ((PACKAGE_DIR, METHOD_MAP), (I18N_DIR, CORE_METHOD_MAP)):
        for filename, _lineno, message, _comments, _context in extract_from_dir(
            directory, method_map, keywords={"_": None, "ungettext": (1, 2), "ngettext": (1, 2)},
        ):
            # A plural message is kept under its singular in the catalogue.
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found[msgid] = filename
    return found


def _catalogue(path, reader):
    with open(path, "rb") as f:
        return reader(f, locale="vi") if reader is read_po else reader(f)


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _strings(message) -> tuple:
    # The .po reader gives a plural's forms as a tuple, the .mo reader as a list.
    return tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)


def test_every_ui_string_has_a_vietnamese_translation():
    catalogue = _catalogue(PO_PATH, read_po)
    missing = {
        msgid: where for msgid, where in _extracted_msgids().items()
        if not (catalogue.get(msgid) and all(_strings(catalogue.get(msgid))))
    }
    assert not missing, f"untranslated strings (msgid: file): {missing}"


def test_compiled_catalogue_matches_the_po_file():
    po = _catalogue(PO_PATH, read_po)
    mo = _catalogue(MO_PATH, read_mo)
    po_pairs = {_key(m): _strings(m) for m in po if m.id and m.string}
    mo_pairs = {_key(m): _strings(m) for m in mo if m.id and m.string}
    assert po_pairs == mo_pairs, "run: pybabel compile -D ckanext-thainguyen -d i18n -l vi"


def test_compiled_catalogue_is_not_older_than_the_po_file():
    """``pybabel compile`` copies the .po's header into the .mo: an update of
    the .po (``pybabel update`` stamps POT-Creation-Date, a translator
    PO-Revision-Date) not compiled since leaves the .mo with older dates.
    (File times say nothing here: a git checkout writes both files at once,
    in any order.)"""
    po = _catalogue(PO_PATH, read_po)
    mo = _catalogue(MO_PATH, read_mo)
    assert (mo.creation_date, mo.revision_date) == (po.creation_date, po.revision_date), \
        "run: pybabel compile -D ckanext-thainguyen -d i18n -l vi"


def _core_messages() -> dict[str, set[str]]:
    """{list name: its msgids} of i18n/core_messages.py, read with ``ast``."""
    with open(os.path.join(I18N_DIR, "core_messages.py"), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    lists = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            lists[node.targets[0].id] = {
                arg.value for call in ast.walk(node.value) if isinstance(call, ast.Call)
                for arg in call.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)}
    return lists


def test_core_messages_are_copied_exactly_from_ckan():
    """A msgid of i18n/core_messages.py that CKAN's catalogue does not have
    translates nothing (a typo, or a message CKAN changed). The messages of
    the other supported release only (ONLY_2_11, ONLY_2_12) are not in this
    one's catalogue; the others are in both."""
    with open(os.path.join(get_ckan_i18n_dir(), "vi", "LC_MESSAGES", "ckan.po"), "rb") as f:
        core = {msgid for m in read_po(f) if m.id
                for msgid in (m.id if isinstance(m.id, tuple) else (m.id,))}
    lists = _core_messages()
    this_release = "ONLY_2_12" if ckan.__version__.startswith("2.12") else "ONLY_2_11"
    other_release = ({"ONLY_2_11", "ONLY_2_12"} - {this_release}).pop()
    assert {"CORRECTED", "MISSING", "LICENCES", this_release, other_release} <= set(lists)
    expected_here = set().union(*(ids for name, ids in lists.items() if name != other_release))
    assert expected_here - core == set()
    assert lists[other_release] & core == set(), "a message both releases have: move it to MISSING"


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
