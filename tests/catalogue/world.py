"""A small province for the sharing-mode tests, built once per test module.

Agencies: ``owner`` (holds every entry), ``partner`` (the default entry is
shared with it) and ``other``. People: anonymous, a citizen without agency,
a member of another agency, a member of the partner agency, a member and an
admin of the owning agency, grantees of the special entry (active, expired,
revoked) and a sysadmin. Entries: one per mode, plus a default entry shared
with all agencies; each has a resource with a secret URL, a DataStore table
and an image view, and was edited once (two activities).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Optional

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories, helpers

USERS = (
    "anonymous", "citizen", "other_member", "partner_member", "owner_member",
    "grantee_active", "grantee_expired", "grantee_revoked", "sysadmin",
)
ENTRIES = ("open", "default_partner", "default_all", "special")

# Who may use the data of each entry.
DATA_ACCESS = {
    "open": set(USERS),
    "default_partner": {"partner_member", "owner_member", "sysadmin"},
    "default_all": {"other_member", "partner_member", "owner_member", "sysadmin"},
    "special": {"owner_member", "grantee_active", "sysadmin"},
}

# Resource views need a view plugin; SQL search must be on to be tested.
PLUGINS = "activity datastore scheming_datasets thainguyen image_view"
CONFIG = {"ckan.plugins": PLUGINS, "ckan.datastore.sqlsearch.enabled": True}


def world_config(extra: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """The world's config, with ``extra`` options (more plugins) of a module over it."""
    return {**CONFIG, **(extra or {})}


def config_marks(extra: Optional[dict[str, Any]] = None) -> list[Any]:
    """Module marks giving every test of a world module the same config."""
    import pytest
    return [pytest.mark.ckan_config(key, value) for key, value in world_config(extra).items()]

def secret_url(entry: str) -> str:
    return f"https://data.example.org/secret-{entry.replace('_', '-')}.csv"


@dataclass
class World:
    users: dict[str, Optional[dict[str, Any]]] = field(default_factory=dict)
    orgs: dict[str, dict[str, Any]] = field(default_factory=dict)
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    activities: dict[str, str] = field(default_factory=dict)
    grants: dict[str, dict[str, Any]] = field(default_factory=dict)

    def context(self, who: str) -> dict[str, Any]:
        user = self.users[who]
        if user is None:
            return {"user": "", "ignore_auth": False}
        return {"user": user["name"], "auth_user_obj": model.User.get(user["id"]),
                "ignore_auth": False}

    def call(self, who: str, action: str, **data: Any) -> Any:
        return helpers.call_action(action, self.context(who), **data)

    def headers(self, who: str) -> dict[str, str]:
        user = self.users[who]
        return {"Authorization": user["token"]} if user else {}

    def may_use(self, who: str, entry: str) -> bool:
        return who in DATA_ACCESS[entry]


class configured:
    """The world's config and plugins while a module-scoped world is built."""

    def __init__(self, extra: Optional[dict[str, Any]] = None):
        self.config = world_config(extra)

    def __enter__(self) -> None:
        self.saved = {key: tk.config.get(key) for key in self.config}
        tk.config.update(self.config)
        p.load_all()

    def __exit__(self, *exc: Any) -> None:
        tk.config.update(self.saved)
        p.load_all()


def _member(world: World, org: dict[str, Any], user: dict[str, Any], role: str) -> None:
    world.call("sysadmin", "organization_member_create", id=org["id"],
               username=user["name"], role=role)


def _grant(world: World, who: str, entry: str, when: Optional[str] = None,
           expires: str = "2999-12-31") -> dict[str, Any]:
    """A real grant, through the access-request workflow's own actions."""
    from freezegun import freeze_time

    today = datetime.date.fromisoformat(when) if when else datetime.date.today()
    with freeze_time(when) if when else _no_freeze():
        request = world.call(
            who, "thainguyen_access_request_create",
            package_id=world.entries[entry]["id"], purpose="Kiểm thử phân quyền",
            legal_basis="Quyết định 1234/QĐ-UBND",
            period_start=today.isoformat(),
            period_end=(today + datetime.timedelta(days=90)).isoformat())
        return world.call("owner_admin", "thainguyen_access_request_approve",
                          id=request["id"], expires=expires)


class _no_freeze:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        return None


def reset_site(reset_db: Any, migrate_db_for: Any, reset_index: Any) -> None:
    """clean_db + clean_index, for module-scoped fixtures (plugins loaded)."""
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("thainguyen")
    reset_index()


def build(reset_db: Any, migrate_db_for: Any, reset_index: Any,
          hide_restricted_metadata: bool = False) -> World:
    reset_site(reset_db, migrate_db_for, reset_index)

    world = World()
    world.users["anonymous"] = None
    for name in USERS[1:]:
        factory = factories.SysadminWithToken if name == "sysadmin" else factories.UserWithToken
        world.users[name] = factory(name=f"u-{name.replace('_', '-')}")
    world.users["owner_admin"] = factories.UserWithToken(name="u-owner-admin")

    for name in ("owner", "partner", "other"):
        world.orgs[name] = factories.Organization(name=f"so-{name}", title=f"Sở {name}",
                                                 user=world.users["sysadmin"])
    _member(world, world.orgs["owner"], world.users["owner_admin"], "admin")
    _member(world, world.orgs["owner"], world.users["owner_member"], "member")
    _member(world, world.orgs["partner"], world.users["partner_member"], "editor")
    _member(world, world.orgs["other"], world.users["other_member"], "member")

    per_mode = {
        "open": {"sharing_mode": "open", "license_id": "cc-by"},
        "default_partner": {"sharing_mode": "default", "license_id": "other-closed",
                            "shared_with": [world.orgs["partner"]["name"]]},
        "default_all": {"sharing_mode": "default", "license_id": "other-closed",
                        "shared_with": ["all"]},
        "special": {"sharing_mode": "special", "license_id": "other-closed",
                    "access_conditions": "Cơ quan y tế, vì mục đích phòng dịch",
                    "approving_authority": "Giám đốc Sở"},
    }
    for number, entry in enumerate(ENTRIES, start=1):
        slug = entry.replace("_", "-")
        dataset = world.call(
            "owner_admin", "package_create", name=f"entry-{slug}", title=f"Entry {slug}",
            owner_org=world.orgs["owner"]["id"], catalogue_code=f"TN-TEST-{number:03d}",
            tags=[{"name": "kiem-thu"}], **per_mode[entry])
        resource = world.call(
            "owner_admin", "resource_create", package_id=dataset["id"],
            name=f"Bảng {slug}", format="CSV", description="Dữ liệu mẫu",
            url=secret_url(entry))
        world.call("sysadmin", "datastore_create", resource_id=resource["id"], force=True,
                            fields=[{"id": "ma", "type": "text"}],
                            records=[{"ma": f"row-of-{slug}"}])
        world.views[entry] = world.call(
            "sysadmin", "resource_view_create", resource_id=resource["id"], view_type="image_view",
            title="Ảnh", image_url=secret_url(entry))
        # Two edits: the newest activity has a previous one to diff with.
        for notes in (f"Mô tả {slug}", f"Mô tả mới {slug}"):
            world.call("owner_admin", "package_patch", id=dataset["id"], notes=notes)
        world.entries[entry] = world.call("sysadmin", "package_show", id=dataset["id"])
        world.resources[entry] = resource
        activities = world.call("sysadmin", "package_activity_list", id=dataset["id"])
        world.activities[entry] = activities[0]["id"]

    world.grants["grantee_active"] = _grant(world, "grantee_active", "special")
    world.grants["grantee_expired"] = _grant(world, "grantee_expired", "special",
                                             when="2020-01-01", expires="2020-06-01")
    revoked = _grant(world, "grantee_revoked", "special")
    world.grants["grantee_revoked"] = world.call(
        "owner_admin", "thainguyen_access_request_revoke", id=revoked["id"],
        reason="Hết nhu cầu")
    return world
