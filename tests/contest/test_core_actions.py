"""Entries change only through the contest's actions, never CKAN's own.

The workflow (deadlines, judging, published results) lives in the contest
actions; CKAN's package_create/update/patch/delete would skip it.
"""
from __future__ import annotations

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.catalogue.factories import catalogue_entry
from tests.contest.factories import (
    AFTER_JUDGING, SUBMISSIONS_OPEN, contest_org, make_edition, publish_results, submitted_entry,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _ctx(user):
    return {"user": user["name"], "ignore_auth": False}


def _contest_org_member(capacity):
    user = factories.User()
    helpers.call_action("organization_member_create", id="doi-moi-sang-tao",
                        username=user["name"], role=capacity)
    return user


def test_an_editor_of_the_contest_organisation_is_no_organiser():
    with freeze_time(SUBMISSIONS_OPEN):
        edition, citizen, entry = submitted_entry()
    editor, admin = _contest_org_member("editor"), _contest_org_member("admin")
    for user, allowed in ((editor, False), (admin, True)):
        try:
            tk.check_access("thainguyen_contest_stats", _ctx(user), {"id": edition["id"]})
            granted = True
        except tk.NotAuthorized:
            granted = False
        assert granted is allowed
    shown = helpers.call_action("package_show", _ctx(editor), id=entry["id"])
    assert all("email" not in member and "phone" not in member for member in shown["team"])


@pytest.mark.parametrize("action,extra", [
    ("package_update", {"title": "Đổi tên"}),
    ("package_patch", {"title": "Đổi tên"}),
    ("package_delete", {}),
    ("resource_create", {"url": "https://example.org/x.pdf", "name": "Tệp"}),
])
def test_core_writes_of_an_entry_are_refused_to_its_editors(action, extra):
    with freeze_time(SUBMISSIONS_OPEN):
        _edition, citizen, entry = submitted_entry()
    editor = _contest_org_member("editor")
    data = dict(extra, **({"package_id": entry["id"]} if action == "resource_create"
                          else {"id": entry["id"]}))
    if action == "package_update":
        data = dict(helpers.call_action("package_show", id=entry["id"]), **extra)
    for user in (editor, citizen):
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action(action, _ctx(user), **data)
    shown = helpers.call_action("package_show", id=entry["id"])
    assert shown["state"] == "active" and shown["title"] == entry["title"]
    assert shown["resources"] == entry["resources"]


def test_entries_are_not_created_through_package_create():
    contest_org()
    with freeze_time(SUBMISSIONS_OPEN):
        edition = make_edition()
    editor = _contest_org_member("editor")
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("package_create", _ctx(editor), type="innovation-entry",
                            name="vuot-quy-trinh", title="Vượt quy trình",
                            owner_org="doi-moi-sang-tao", contest_edition=edition["name"])


def test_published_results_cannot_be_changed_even_by_a_sysadmin(history_world):
    edition, entries, users = history_world
    publish_results(edition, users)
    sysadmin = factories.Sysadmin()
    winner = entries["winner"]
    with freeze_time(AFTER_JUDGING):
        for action in ("package_delete", "package_patch"):
            with pytest.raises(tk.NotAuthorized):
                helpers.call_action(action, _ctx(sysadmin), id=winner["id"], title="Sửa kết quả")
    shown = helpers.call_action("package_show", id=winner["id"])
    assert (shown["state"], shown["title"], shown["contest_status"]) == (
        "active", winner["title"], "awarded")


# ------------------------------------------------------------------ every core write, every role
def _attached(entries, users):
    """The winner of ``history_world`` with one attachment: (entry, resource id)."""
    winner = entries["winner"]
    resource = helpers.call_action("thainguyen_entry_attach", _ctx(users["organiser"]),
                                   id=winner["id"], url="https://example.org/ho-so.pdf", name="Hồ sơ")
    return winner, resource["id"]


def _core_call(action, entry, resource_id, org_id):
    """(action, data) of one core write of ``entry``."""
    shown = helpers.call_action("package_show", id=entry["id"])
    other_org = factories.Organization()
    return {
        "package_update": dict(shown, title="Đổi tên"),
        "package_patch": {"id": entry["name"], "title": "Đổi tên"},
        "package_revise": {"match": {"id": entry["id"]}, "update": {"title": "Đổi tên"}},
        "package_delete": {"id": entry["id"]},
        "dataset_purge": {"id": entry["id"]},
        "package_owner_org_update": {"id": entry["id"], "organization_id": other_org["id"]},
        "bulk_update_delete": {"datasets": [entry["id"]], "org_id": org_id},
        "bulk_update_private": {"datasets": [entry["id"]], "org_id": org_id},
        "bulk_update_public": {"datasets": [entry["id"]], "org_id": org_id},
        "resource_create": {"package_id": entry["id"], "url": "https://example.org/x.pdf", "name": "Tệp"},
        "resource_patch": {"id": resource_id, "name": "Đổi tên"},
        "resource_delete": {"id": resource_id},
        "package_resource_reorder": {"id": entry["id"], "order": [resource_id]},
    }[action]


CORE_WRITES = ("package_update", "package_patch", "package_revise", "package_delete",
               "dataset_purge", "package_owner_org_update", "bulk_update_delete",
               "bulk_update_private", "bulk_update_public", "resource_create",
               "resource_patch", "resource_delete", "package_resource_reorder")


def _snapshot(edition, entry):
    shown = helpers.call_action("package_show", id=entry["id"])
    results = helpers.call_action("thainguyen_contest_results", id=edition["id"])
    return ((shown["state"], shown["title"], shown["owner_org"], shown["private"],
             [(r["id"], r["name"]) for r in shown["resources"]]),
            [(r["name"], r["status"], r["prize"]) for r in results["ranking"]])


@pytest.mark.parametrize("action", CORE_WRITES)
def test_after_publication_no_core_write_changes_an_entry_for_anyone(history_world, action):
    edition, entries, users = history_world
    winner, resource_id = _attached(entries, users)
    publish_results(edition, users)
    org = helpers.call_action("organization_show", id="doi-moi-sang-tao")
    before = _snapshot(edition, winner)
    editor, admin = _contest_org_member("editor"), _contest_org_member("admin")
    for user in (factories.Sysadmin(), admin, users["organiser"], editor, users["entrant"]):
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action(action, _ctx(user), **_core_call(action, winner, resource_id, org["id"]))
    assert _snapshot(edition, winner) == before


@pytest.mark.parametrize("action", ("bulk_update_delete", "bulk_update_private", "bulk_update_public",
                                    "package_owner_org_update", "dataset_purge", "resource_patch"))
def test_before_publication_core_writes_are_the_sysadmins_only(history_world, action):
    edition, entries, users = history_world
    winner, resource_id = _attached(entries, users)
    org = helpers.call_action("organization_show", id="doi-moi-sang-tao")
    before = _snapshot(edition, winner)
    for user in (_contest_org_member("editor"), _contest_org_member("admin"), users["organiser"]):
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action(action, _ctx(user), **_core_call(action, winner, resource_id, org["id"]))
    assert _snapshot(edition, winner) == before
    # A sysadmin still may, until the results are published (a repair).
    assert tk.check_access(action, _ctx(factories.Sysadmin()),
                           _core_call(action, winner, resource_id, org["id"]))


def test_bulk_updates_of_other_datasets_still_work_for_the_organisations_admins(history_world):
    edition, entries, users = history_world
    admin = _contest_org_member("admin")
    dataset = catalogue_entry("open", owner_org=helpers.call_action(
        "organization_show", id="doi-moi-sang-tao")["id"])
    helpers.call_action("bulk_update_delete", _ctx(admin), datasets=[dataset["id"]],
                        org_id=dataset["owner_org"])
    assert helpers.call_action("package_show", id=dataset["id"])["state"] == "deleted"


# ------------------------------------------------------------------ who organises
def test_organisers_are_those_assigned_and_the_contest_organisations_admins(app, history_world):
    edition, entries, users = history_world
    editor, admin = _contest_org_member("editor"), _contest_org_member("admin")
    other_org_admin = factories.User()
    factories.Organization(users=[{"name": other_org_admin["name"], "capacity": "admin"}])
    winner = entries["winner"]
    for user, organiser in ((users["organiser"], True), (admin, True), (editor, False),
                            (other_org_admin, False), (users["judge"], False)):
        try:
            shown = helpers.call_action("package_show", _ctx(user), id=winner["id"])
        except tk.NotAuthorized:
            shown = {"team": []}  # a private entry, not theirs to see at all
        sees_personal = any("email" in member for member in shown["team"])
        assert sees_personal is organiser, user["name"]
        token = factories.APIToken(user=user["name"])["token"]
        page = app.get(f"/contest/{edition['name']}/dashboard",
                       headers={"Authorization": token}, status=200 if organiser else 403)
        assert ("an.nguyen@example.vn" in page.body) is False
        entry_page = app.get(f"/contest/entry/{winner['name']}", headers={"Authorization": token})
        assert ("an.nguyen@example.vn" in entry_page.body) is organiser, user["name"]
        app.get(f"/contest/{edition['name']}/results", headers={"Authorization": token},
                status=200 if organiser else 403)
