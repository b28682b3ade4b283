"""The pages of the users' journeys, over a small province built once per module
(the language tests, the looks tests and the small-screen browser test).

Agency ``so-tai-nguyen`` with an admin; a citizen; one catalogue entry per
sharing mode, each with a CSV resource; the citizen's pending access request
to the special entry; a contest edition with results published (its
organiser and judge); a science project of the science department.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from freezegun import freeze_time

from ckan.tests import factories, helpers

from tests.catalogue.factories import catalogue_entry
from tests.contest import factories as contest
from tests.science.factories import create_project, department_org


@dataclass
class Journeys:
    users: dict[str, Optional[dict[str, Any]]] = field(default_factory=dict)
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


def build(reset_db: Any, migrate_db_for: Any, reset_index: Any) -> Journeys:
    reset_db()
    for plugin in ("activity", "thainguyen", "thainguyen_contest", "thainguyen_science"):
        migrate_db_for(plugin)
    reset_index()

    world = Journeys()
    world.users["anonymous"] = None
    world.users["sysadmin"] = factories.Sysadmin(name="u-quan-tri")
    world.users["agency_admin"] = factories.User(name="u-can-bo-so", fullname="Cán bộ Sở")
    world.users["citizen"] = factories.User(name="u-cong-dan", fullname="Nguyễn Thị Dân")
    org = factories.Organization(
        name="so-tai-nguyen", title="Sở Tài nguyên và Môi trường",
        description="Cơ quan quản lý đất đai, tài nguyên nước và môi trường của tỉnh.",
        users=[{"name": "u-can-bo-so", "capacity": "admin"}])
    world.names["organization"] = org["name"]
    admin = {"user": "u-can-bo-so", "ignore_auth": False}
    for mode in ("open", "default", "special"):
        entry = catalogue_entry(
            mode, owner_org=org["id"], name=f"csdl-{mode}", title=f"Cơ sở dữ liệu đất đai ({mode})",
            notes="Thông tin thửa đất, chủ sử dụng và biến động đất đai trên địa bàn tỉnh.")
        world.entries[mode] = entry
        world.resources[mode] = helpers.call_action(
            "resource_create", dict(admin), package_id=entry["id"], name="Bảng thửa đất",
            format="CSV", size=24576, description="Danh sách thửa đất năm 2025",
            url=f"https://du-lieu.thainguyen.gov.vn/{mode}/thua-dat.csv")
    helpers.call_action(
        "thainguyen_access_request_create", {"user": "u-cong-dan", "ignore_auth": False},
        package_id=world.entries["special"]["id"], purpose="Nghiên cứu quy hoạch sử dụng đất",
        legal_basis="Quyết định 1234/QĐ-UBND", period_start="2026-01-01", period_end="2026-06-30")

    edition, entries, users = contest.history_world()
    contest.publish_results(edition, users)
    world.names["edition"] = edition["name"]
    world.names["contest_entry"] = entries["winner"]["name"]
    for role in ("organiser", "judge", "entrant"):
        world.users[role] = users[role]

    department = department_org()
    with freeze_time("2025-03-01"):
        world.names["science_project"] = create_project(department["id"], outputs=[
            {"kind": "publication", "title": "Bài báo về giống chè mới",
             "reference": "https://doi.org/10.0000/che-moi"}])["name"]
    # CKAN's factories describe organisations with random English sentences
    # (Faker), which the pages show and which may hold a message's words
    # ("Create ..."): text of the data, not of a catalogue, so a Vietnamese one.
    for name in helpers.call_action("organization_list"):
        helpers.call_action("organization_patch", {"user": "u-quan-tri"}, id=name,
                            description="Cơ quan, đơn vị của tỉnh Thái Nguyên.")
    return world
