"""Entries change only through the contest's actions, never CKAN's own.

The workflow (deadlines, judging, published results) lives in the contest
actions; CKAN's package_create/update/patch/delete would skip it.
"""
from __future__ import annotations

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

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
