"""Builders of the fuzz suite: the world the calls land in, the calls
themselves, the database snapshot and the malformed values.

Nothing here knows the project's actions or fields by name: actions come
from the plugins (``project_actions``), parameter names from the project's
action schemas (``parameter_names``) and record fields from the
ckanext-scheming schemas, so a new action, parameter or field is fuzzed
without editing the suite.
"""
from __future__ import annotations

import hashlib
import importlib
import inspect
import pkgutil
import uuid
from typing import Any

import ckan.plugins as p
import sqlalchemy as sa
from ckan import model
from ckan.tests import factories, helpers
from ckanext.scheming.helpers import scheming_get_dataset_schema
from hypothesis import strategies as st

import ckanext.thainguyen as project
from tests.catalogue.factories import catalogue_code, catalogue_entry
from tests.contest.factories import edition_data, entry_data
from tests.science.factories import project_dict, site_context

PROJECT_PLUGINS = ("thainguyen", "thainguyen_contest", "thainguyen_science")
ROLES = ("anonymous", "plain", "editor", "sysadmin")
RECORD_TYPES = ("dataset", "innovation-entry", "science-project")
# What a malformed call may answer: success, or a clean refusal.
CLEAN_ANSWERS = (200, 403, 404, 409)
# Written by CKAN on every authenticated request, whatever the outcome.
VISIT_COLUMNS = {"user": ("last_active",), "api_token": ("last_access",)}


def project_actions() -> list[str]:
    """Every action the project's plugins register, chained core actions left out."""
    names = []
    for plugin_name in PROJECT_PLUGINS:
        for name, function in p.get_plugin(plugin_name).get_actions().items():
            if not getattr(function, "chained_action", False):
                names.append(name)
    return sorted(names)


def _schema_keys(schema: dict[str, Any]) -> set[str]:
    keys = set()
    for key, value in schema.items():
        if not key.startswith("__"):
            keys.add(key)
        if isinstance(value, dict):
            keys |= _schema_keys(value)
    return keys


def parameter_names() -> list[str]:
    """The keys of every schema the project's ``schema`` modules build."""
    names = {"id"}
    for module_info in pkgutil.walk_packages(project.__path__, project.__name__ + "."):
        if not module_info.name.endswith(".schema"):
            continue
        module = importlib.import_module(module_info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_schema") and function.__module__ == module.__name__ \
                    and not inspect.signature(function).parameters:
                names |= _schema_keys(function())
    return sorted(names)


def record_fields(dataset_type: str) -> tuple[list[str], list[str]]:
    """(dataset field names, resource field names) of a scheming schema."""
    schema = scheming_get_dataset_schema(dataset_type) or {}
    return ([f["field_name"] for f in schema.get("dataset_fields", [])],
            [f["field_name"] for f in schema.get("resource_fields", [])])


# --- the world ---------------------------------------------------------------

def _as(user: dict[str, Any]) -> dict[str, Any]:
    return {"user": user["name"]}


def open_edition_data() -> dict[str, Any]:
    """An edition taking entries today (the suite runs at the real time)."""
    return edition_data(name="dmst-fuzz", year=2026, submission_opens="2026-01-01",
                        submission_closes="2099-06-30", judging_opens="2099-07-01",
                        judging_closes="2099-08-31")


def build_world() -> dict[str, Any]:
    """Users of every role, with their API tokens, and one record of every kind."""
    users = {"plain": factories.User(), "editor": factories.User(),
             "admin": factories.User(), "sysadmin": factories.Sysadmin()}
    org = factories.Organization(users=[
        {"name": users["editor"]["name"], "capacity": "editor"},
        {"name": users["admin"]["name"], "capacity": "admin"},
    ])
    entry = catalogue_entry("special", owner_org=org["id"])
    request = helpers.call_action(
        "thainguyen_access_request_create", _as(users["plain"]), package_id=entry["id"],
        purpose="Nghiên cứu", legal_basis="Luật Dữ liệu", period_start="2026-01-01",
        period_end="2099-12-31")
    factories.Organization(name="doi-moi-sang-tao", title="Ban tổ chức cuộc thi")
    edition = helpers.call_action("thainguyen_contest_edition_create", _as(users["sysadmin"]),
                                  **open_edition_data())
    contest_entry = helpers.call_action("thainguyen_entry_create", _as(users["plain"]),
                                        **entry_data(edition))
    science = helpers.call_action("package_create", site_context(), **project_dict(org["id"]))
    tokens = {role: factories.APIToken(user=users[role]["name"])["token"] for role in ROLES[1:]}
    records = {"dataset": entry, "innovation-entry": contest_entry, "science-project": science}
    refs = [org["id"], org["name"], entry["id"], entry["name"], request["id"], edition["id"],
            edition["name"], contest_entry["id"], contest_entry["name"], science["id"],
            users["plain"]["name"], users["editor"]["id"], "first", "csv", "pending", "submitted"]
    return {"users": users, "tokens": tokens, "org": org, "records": records,
            "edition": edition, "refs": refs}


def valid_record(world: dict[str, Any], dataset_type: str) -> dict[str, Any]:
    """A dict package_create accepts for ``dataset_type`` (fresh name and code)."""
    name = f"fuzz-{uuid.uuid4().hex[:12]}"
    org_id = world["org"]["id"]
    if dataset_type == "science-project":
        return dict(project_dict(org_id), name=name)
    if dataset_type == "innovation-entry":
        return dict(entry_data(world["edition"]), type=dataset_type, name=name,
                    owner_org="doi-moi-sang-tao")
    shown = helpers.call_action("package_show", site_context(), id=world["records"]["dataset"]["id"])
    fields = set(record_fields(dataset_type)[0]) | {"license_id"}
    data = {k: v for k, v in shown.items() if k in fields and k not in ("name", "tag_string")}
    return dict(data, type=dataset_type, name=name, owner_org=org_id,
                catalogue_code=catalogue_code())


# --- one call and what it wrote ----------------------------------------------

def api_call(app: Any, world: dict[str, Any], role: str, action: str,
             data: dict[str, Any]) -> Any:
    token = world["tokens"].get(role)
    headers = {"Authorization": token} if token else {}
    return app.post(f"/api/3/action/{action}", json=data, headers=headers)


def _row_text(table: str) -> str:
    dropped = "".join(f" - '{column}'" for column in VISIT_COLUMNS.get(table, ()))
    return f"(to_jsonb(t){dropped})::text"


def snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a hash of the rows of every table, read outside the app's session."""
    with model.meta.engine.connect() as conn:
        tables = [row[0] for row in conn.execute(sa.text(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"))]
        parts = [f"SELECT '{t}', count(*), coalesce(md5(string_agg({_row_text(t)}, '|' "
                 f"ORDER BY {_row_text(t)})), '') FROM \"{t}\" t" for t in tables]
        rows = conn.execute(sa.text(" UNION ALL ".join(parts))).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}


def changed_tables(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))


def describe(value: Any, limit: int = 300) -> str:
    """A failing example, short enough to read (values can be a megabyte)."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text)} chars, sha1 {hashlib.sha1(text.encode('utf-8', 'backslashreplace')).hexdigest()[:8]})"


# --- malformed values --------------------------------------------------------

ODD_NUMBERS = [0, 1, -1, 2**31, 2**63, -2**63 - 1, 2**64, 10**30, 1.5, -0.0, 1e308]
ODD_TEXT = [
    "", " ", "0", "1", "true", "[]", "{}", "null",
    "\x00", "a\x00b", "\ud800", "x\udfffy",
    "9" * 5000, "x" * 40_000, "ệ" * 12_000,
    "9999-12-31", "0001-01-01", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00",
    "2025-02-30", "2026-13-01", "2026-01-01T24:00", "NaN", "-5", "1e400",
    "javascript:alert(1)", "http://", "../../etc/passwd", "' OR 1=1 --",
]


def malformed(refs: list[str]) -> st.SearchStrategy[Any]:
    """Values of every wrong kind, and some right ones so that calls get past auth."""
    leaf = st.one_of(
        st.none(), st.booleans(), st.sampled_from(ODD_NUMBERS), st.sampled_from(ODD_TEXT),
        st.sampled_from(refs), st.text(max_size=12),
    )
    return st.recursive(
        leaf,
        lambda inner: st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["id", "name", "value", "", "\x00"]), inner, max_size=2),
        max_leaves=4,
    )

