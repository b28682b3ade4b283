"""A stock CKAN site, built without the extension, and the extension then
enabled on its database and index as the README says.

The site is built through CKAN's own actions with only CKAN's plugins
loaded (``activity``), so its datasets are what a stock site holds: core
fields (author, maintainer, their e-mails, version, source URL), free
extras, tags, a group, link and uploaded resources, public and private
datasets, and their activity.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Optional

import pytest

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib import search
from ckan.tests import factories, helpers

STOCK_PLUGINS = "activity"
# README, "Installing into an existing CKAN site" (DataStore left out: optional).
EXTENSION_PLUGINS = "activity scheming_datasets thainguyen thainguyen_contest thainguyen_science"

ROLES = ("anonymous", "sysadmin", "admin", "editor", "member", "outsider")

# What a stock site's datasets carry besides title and resources.
CORE_FIELDS = {
    "author": "Nguyễn Văn An",
    "author_email": "an@example.org",
    "maintainer": "Trần Thị Bình",
    "maintainer_email": "binh@example.org",
    "version": "2.1",
    "url": "https://data.example.org/nguon",
    "license_id": "cc-by",
}
# In key order (``sorted_extras``).
FREE_EXTRAS = [{"key": "harvest_source", "value": "cong-cu"}, {"key": "ma_so_cu", "value": "A-17"}]

# Keys the extension adds to every dict it shows (what the asking user may
# do with the data, and, for editors, that the dataset is unclassified).
ANNOTATIONS = ("thainguyen_access", "thainguyen_unclassified")


@dataclasses.dataclass
class StockSite:
    users: dict[str, Optional[dict[str, Any]]]
    org: dict[str, Any]
    other_org: dict[str, Any]
    group: dict[str, Any]
    # name -> private?
    datasets: dict[str, bool]


def context(user: Optional[dict[str, Any]]) -> dict[str, Any]:
    return {"user": user["name"] if user else "", "ignore_auth": False}


def stock_dataset(site_org: dict[str, Any], group: dict[str, Any], editor: dict[str, Any],
                  name: str, private: bool) -> dict[str, Any]:
    return helpers.call_action(
        "package_create", context(editor), name=name, title=f"Bộ dữ liệu {name}",
        notes="Mô tả ban đầu.", owner_org=site_org["id"], private=private,
        groups=[{"name": group["name"]}], tags=[{"name": "dat-dai"}, {"name": "thong-ke"}],
        extras=FREE_EXTRAS, **CORE_FIELDS)


@pytest.fixture
def stock_site(create_with_upload):
    """The site before the extension (needs ``ckan.plugins`` = STOCK_PLUGINS)."""
    assert not p.plugin_loaded("thainguyen")
    users = {role: factories.UserWithToken() for role in ROLES if role != "anonymous"}
    users["sysadmin"] = factories.SysadminWithToken()
    users["anonymous"] = None
    org = factories.Organization(users=[
        {"name": users["admin"]["name"], "capacity": "admin"},
        {"name": users["editor"]["name"], "capacity": "editor"},
        {"name": users["member"]["name"], "capacity": "member"},
    ])
    other_org = factories.Organization(users=[{"name": users["outsider"]["name"], "capacity": "admin"}])
    group = factories.Group(users=[{"name": users["editor"]["name"], "capacity": "member"}])
    datasets = {"cu-cong-khai-lien-ket": False, "cu-cong-khai-tep": False,
                "cu-rieng-tu-lien-ket": True, "cu-rieng-tu-tep": True}
    editor = users["editor"]
    for name, private in datasets.items():
        dataset = stock_dataset(org, group, editor, name, private)
        if name.endswith("tep"):
            create_with_upload("ma,ten\n1,Thái Nguyên\n", "bang.csv", context=context(editor),
                               package_id=dataset["id"], name="Bảng tải lên")
        else:
            helpers.call_action("resource_create", context(editor), package_id=dataset["id"],
                                url="https://data.example.org/bang.csv", name="Bảng liên kết",
                                format="CSV")
        # A later edit, as a site's history has.
        helpers.call_action("package_patch", context(editor), id=dataset["id"],
                            notes="Mô tả đã sửa.")
    return StockSite(users=users, org=org, other_org=other_org, group=group, datasets=datasets)


@pytest.fixture
def enable_extension(ckan_config, monkeypatch, migrate_loaded):
    """enable(): the README's steps on the running site: the plugins and
    schemas in the ini, ``ckan db upgrade -p ...`` for each plugin with
    tables, ``ckan search-index rebuild``."""
    def enable() -> None:
        monkeypatch.setitem(ckan_config, "ckan.plugins", EXTENSION_PLUGINS)
        monkeypatch.setitem(ckan_config, "scheming.dataset_schemas", "\n".join((
            "ckanext.thainguyen.schemas:catalogue.yaml",
            "ckanext.thainguyen.schemas:innovation_entry.yaml",
            "ckanext.thainguyen.schemas:science_project.yaml")))
        p.load_all()
        migrate_loaded()
        search.rebuild()
        assert p.plugin_loaded("thainguyen")
    return enable


def without_annotations(value: Any) -> Any:
    """A shown dict without the keys the extension adds to what it shows."""
    if isinstance(value, dict):
        return {k: without_annotations(v) for k, v in value.items() if k not in ANNOTATIONS}
    if isinstance(value, list):
        return [without_annotations(v) for v in value]
    return value


def shown(name: str, user: Optional[dict[str, Any]]) -> Optional[dict[str, Any]]:
    """package_show as ``user`` asks it, or None if refused."""
    try:
        dataset = without_annotations(helpers.call_action("package_show", context(user), id=name))
    except tk.NotAuthorized:
        return None
    # CKAN 2.12 lists extras in no fixed order.
    dataset["extras"] = sorted_extras(dataset.get("extras"))
    return dataset


def sorted_extras(extras: Any) -> list[dict[str, Any]]:
    return sorted(extras or [], key=lambda extra: extra["key"])


def reads(site: StockSite, user: Optional[dict[str, Any]], app: Any) -> dict[str, Any]:
    """Everything ``user`` reads of the site's datasets: each one shown, its
    page, its activity, and what searches find."""
    headers = {"Authorization": user["token"]} if user else {}
    seen: dict[str, Any] = {}
    for name in site.datasets:
        dataset = shown(name, user)
        page = app.get(f"/dataset/{name}", headers=headers)
        activity = None
        if dataset is not None:
            activity = [(a["activity_type"], a["id"]) for a in helpers.call_action(
                "package_activity_list", context(user), id=name)]
        seen[name] = {"shown": dataset, "page": page.status_code, "activity": activity}
    for include_private in (None, True):
        params = {"rows": 100} | ({"include_private": True} if include_private else {})
        found = helpers.call_action("package_search", context(user), **params)["results"]
        seen[f"search include_private={include_private}"] = sorted(r["name"] for r in found)
    return seen


def differences(before: Any, after: Any, path: str = "") -> list[str]:
    """Paths (``a.b[0].c``) where ``after`` differs from ``before``, with both values.

    A key holding null is the same as no key: ckanext-scheming leaves null
    values out of every dict it shows (its output validators end in
    ``ignore_missing``), for any schema, CKAN's own included.
    """
    if isinstance(before, dict) and isinstance(after, dict):
        return [d for key in sorted(set(before) | set(after), key=str)
                for d in differences(before.get(key), after.get(key), f"{path}.{key}")]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [d for n, (b, a) in enumerate(zip(before, after))
                for d in differences(b, a, f"{path}[{n}]")]
    return [] if before == after else [f"{path}: {before!r} -> {after!r}"]
