"""Who gets the data of each entry, through every action that can carry it.

The world (agencies, people, one entry per mode with a secret resource URL,
DataStore rows, a view, activities, grants) is built once for the module;
each test walks one path for every person and every entry. A resource URL is
the data's address: it may appear in an answer only for those with access.
"""
from __future__ import annotations

import json
from typing import Any, Callable

import pytest

import ckan.plugins.toolkit as tk

from tests.catalogue import world as sharing_world
from tests.catalogue.world import ENTRIES, USERS, secret_url

@pytest.fixture(scope="module")
def world(reset_db, migrate_db_for, reset_index):
    with sharing_world.configured():
        built = sharing_world.build(reset_db, migrate_db_for, reset_index)
        group = built.call("sysadmin", "group_create", name="nhom-kiem-thu")
        for entry in ENTRIES:
            built.call("sysadmin", "member_create", id=group["id"],
                       object=built.entries[entry]["id"], object_type="package",
                       capacity="public")
            for who in USERS[1:]:
                built.call(who, "follow_dataset", id=built.entries[entry]["id"])
    return built


pytestmark = sharing_world.config_marks() + [pytest.mark.usefixtures("with_plugins")]


def _dump(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def _answer(world, who: str, action: str, **data: Any) -> Any:
    """The action's answer, or the exception class name if refused."""
    try:
        return world.call(who, action, **data)
    except (tk.NotAuthorized, tk.ObjectNotFound) as error:
        return type(error).__name__


def _walk(world, check: Callable[[Any, str, str], list[str]]) -> None:
    failures: list[str] = []
    for who in USERS:
        for entry in ENTRIES:
            failures.extend(f"{who} x {entry}: {problem}" for problem in check(world, who, entry))
    assert not failures, "\n".join(failures)


def _walk_users(world, answers: Callable[[Any, str], list[tuple[str, Any]]],
                carries_data: bool = False) -> None:
    """Paths listing many entries: ask once per person, check every entry."""
    failures: list[str] = []
    for who in USERS:
        for label, answer in answers(world, who):
            for entry in ENTRIES:
                failures.extend(f"{who} x {entry}: {label}: {problem}" for problem in
                                _data_rule(world, who, entry, answer, carries_data))
    assert not failures, "\n".join(failures)


def _data_rule(world, who: str, entry: str, answer: Any, carries_data: bool = True) -> list[str]:
    """No URL for those without access; the URL for those with it."""
    dump = _dump(answer)
    shown = secret_url(entry) in dump
    if not world.may_use(who, entry) and shown:
        at = dump.index(secret_url(entry))
        return [f"leaks the URL: ...{dump[max(0, at - 400):at + 80]}"]
    if world.may_use(who, entry) and carries_data and not shown:
        return [f"withholds the URL from someone with access: {_dump(answer)[:300]}"]
    return []


# ---------------------------------------------------------------- datasets

def test_package_show(world):
    def check(world, who, entry):
        answer = _answer(world, who, "package_show", id=world.entries[entry]["id"])
        if not isinstance(answer, dict):
            return [f"metadata refused ({answer}) though it is public"]
        problems = _data_rule(world, who, entry, answer)
        access = answer.get("thainguyen_access") or {}
        if access.get("data") is not world.may_use(who, entry):
            problems.append(f"thainguyen_access says {access}")
        resource = answer["resources"][0]
        if (resource["name"], resource["format"]) != (world.resources[entry]["name"], "CSV"):
            problems.append("resource name/format not shown")
        if entry == "special" and not world.may_use(who, entry) and \
                access.get("request_url") != f"/dataset/{answer['name']}/request-access":
            problems.append(f"no request link: {access}")
        return problems
    _walk(world, check)


def test_package_search_results_carry_no_url_without_access(world):
    def check(world, who, entry):
        answer = _answer(world, who, "package_search", fq=f'id:"{world.entries[entry]["id"]}"')
        if not isinstance(answer, dict) or answer["count"] != 1:
            return [f"not found by search: {answer if not isinstance(answer, dict) else answer['count']}"]
        return _data_rule(world, who, entry, answer["results"])
    _walk(world, check)


def test_package_search_fields_and_url_queries(world):
    def check(world, who, entry):
        dataset_id = world.entries[entry]["id"]
        problems = []
        for fl in (["id", "res_url"], ["id", "validated_data_dict"], ["id", "data_dict"],
                   ["*"]):
            answer = _answer(world, who, "package_search", fq=f'id:"{dataset_id}"', fl=fl)
            # Restricted entries' URLs are not indexed at all (see below).
            indexed = fl[-1] != "res_url" or entry == "open"
            problems += [f"fl={fl}: {p}" for p in
                         _data_rule(world, who, entry, answer, carries_data=indexed)]
        # Guessing the URL through the index must not work either.
        hits = _answer(world, who, "package_search",
                       q=f'res_url:"{secret_url(entry)}"', fq=f'id:"{dataset_id}"')
        if not world.may_use(who, entry) and hits["count"]:
            problems.append("found by its secret URL")
        return problems
    _walk(world, check)


def test_resource_show(world):
    def check(world, who, entry):
        answer = _answer(world, who, "resource_show", id=world.resources[entry]["id"])
        if not isinstance(answer, dict):
            return [f"metadata refused ({answer})"]
        problems = _data_rule(world, who, entry, answer)
        if answer["name"] != world.resources[entry]["name"]:
            problems.append("resource name hidden")
        return problems
    _walk(world, check)


def test_resource_search_and_current_package_list(world):
    def check(world, who, entry):
        # Both only list public datasets: restricted entries are private.
        problems = []
        found = _answer(world, who, "resource_search", query="url:secret-")
        problems += [f"resource_search: {p}" for p in
                     _data_rule(world, who, entry, found, carries_data=entry == "open")]
        listed = _answer(world, who, "current_package_list_with_resources")
        problems += [f"current_package_list_with_resources: {p}" for p in
                     _data_rule(world, who, entry, listed,
                                carries_data=entry == "open" or who == "sysadmin")]
        return problems
    _walk(world, check)


def test_package_autocomplete_gives_names_only(world):
    def check(world, who, entry):
        answer = _answer(world, who, "package_autocomplete", q=world.entries[entry]["name"])
        names = [item["name"] for item in answer]
        problems = _data_rule(world, who, entry, answer, carries_data=False)
        if world.entries[entry]["name"] not in names:
            problems.append(f"public metadata not autocompleted: {names}")
        return problems
    _walk(world, check)


def test_tag_group_and_organization_with_datasets(world):
    def answers(world, who):
        return [(action, _answer(world, who, action, id=ref, include_datasets=True))
                for action, ref in (("tag_show", "kiem-thu"), ("group_show", "nhom-kiem-thu"),
                                    ("organization_show", world.orgs["owner"]["id"]))]
    _walk_users(world, answers)


# ---------------------------------------------------------------- views and DataStore

def test_resource_views(world):
    def check(world, who, entry):
        problems = []
        views = _answer(world, who, "resource_view_list", id=world.resources[entry]["id"])
        if bool(views) is not world.may_use(who, entry):
            problems.append(f"resource_view_list gave {views}")
        shown = _answer(world, who, "resource_view_show", id=world.views[entry]["id"])
        if isinstance(shown, dict) is not world.may_use(who, entry):
            problems.append(f"resource_view_show gave {shown}")
        return problems
    _walk(world, check)


def test_datastore(world):
    def check(world, who, entry):
        resource_id = world.resources[entry]["id"]
        row = f"row-of-{entry.replace('_', '-')}"
        problems = []
        for action, data in (
            ("datastore_search", {"resource_id": resource_id}),
            ("datastore_info", {"id": resource_id}),
            ("datastore_search_sql", {"sql": f'SELECT * FROM "{resource_id}"'}),
        ):
            answer = _answer(world, who, action, **data)
            refused = answer == "NotAuthorized"
            if refused is world.may_use(who, entry):
                problems.append(f"{action}: {'refused' if refused else 'answered'}")
            elif action != "datastore_info" and not refused and row not in _dump(answer):
                problems.append(f"{action}: rows missing")
        return problems
    _walk(world, check)


# ---------------------------------------------------------------- activities

def test_activity_streams(world):
    def answers(world, who):
        streams = [
            ("organization_activity_list", {"id": world.orgs["owner"]["id"]}),
            ("group_activity_list", {"id": "nhom-kiem-thu"}),
            ("user_activity_list", {"id": world.users["sysadmin"]["id"]}),
            ("user_activity_list", {"id": world.users["owner_admin"]["id"]}),
            ("recently_changed_packages_activity_list", {}),
        ] + [("package_activity_list", {"id": world.entries[entry]["id"]}) for entry in ENTRIES]
        if who != "anonymous":
            streams.append(("dashboard_activity_list", {}))
        return [(action, _answer(world, who, action, **data)) for action, data in streams]
    _walk_users(world, answers)


def test_activity_show_data_and_diff(world):
    def check(world, who, entry):
        activity_id = world.activities[entry]
        problems = []
        for action, data in (
            ("activity_show", {"id": activity_id, "include_data": True}),
            ("activity_data_show", {"id": activity_id}),
            ("activity_data_show", {"id": activity_id, "object_type": "package"}),
            ("activity_diff", {"id": activity_id, "object_type": "package", "diff_type": "unified"}),
            ("activity_diff", {"id": activity_id, "object_type": "package", "diff_type": "html"}),
        ):
            answer = _answer(world, who, action, **data)
            problems += [f"{action}: {p}" for p in
                         _data_rule(world, who, entry, answer, carries_data=False)]
        return problems
    _walk(world, check)


def test_activity_paths_carry_urls_for_sysadmins(world):
    """The negative checks above are meaningful: these paths do carry URLs."""
    for entry in ENTRIES:
        activity_id = world.activities[entry]
        for action, data in (
            ("package_activity_list", {"id": world.entries[entry]["id"]}),
            ("activity_data_show", {"id": activity_id}),
            ("activity_diff", {"id": activity_id, "object_type": "package"}),
        ):
            answer = world.call("sysadmin", action, **data)
            assert secret_url(entry) in _dump(answer), (action, entry)
