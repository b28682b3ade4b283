"""The principal investigator's e-mail and phone (personal, schemas/science_project.yaml)
reach exactly its creator, the host organisation's editors and admins, the
science department's staff and sysadmins: on every path that carries a copy
of a project.

Copies in the search index (``fl`` with data_dict/validated_data_dict, ``q``
and facets) never hold them, for anyone: any reader of a project could
match on an indexed field. Nor do activities (history, stored once for every
reader of the project), nor the exports.
"""
from __future__ import annotations

import base64
import csv
import io
import json

import pytest
from openpyxl import load_workbook

import ckan.model as model
from ckan.logic import NotAuthorized
from ckan.lib.search import query_for
from ckan.tests import factories, helpers

from tests.science.factories import create_project, department_org

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

EMAIL, PHONE = "chu.nhiem.dau-vet@tnu.edu.vn", "0208 3999 777"
ALLOWED = {"creator", "host_editor", "host_admin", "department", "sysadmin"}
ROLES = ("anonymous", "plain", "host_member", "other_editor") + tuple(sorted(ALLOWED))


def _leaks(value) -> set[str]:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return {marker for marker in (EMAIL, PHONE) if marker in text}


def _as(user) -> dict:
    return {"user": user["name"] if user else "", "ignore_auth": False}


@pytest.fixture
def world():
    users = {name: factories.User() for name in
             ("creator", "host_editor", "host_admin", "host_member", "department", "plain",
              "other_editor")}
    users["sysadmin"] = factories.Sysadmin()
    host = factories.Organization(users=[
        {"name": users["creator"]["name"], "capacity": "editor"},
        {"name": users["host_editor"]["name"], "capacity": "editor"},
        {"name": users["host_admin"]["name"], "capacity": "admin"},
        {"name": users["host_member"]["name"], "capacity": "member"},
    ])
    factories.Organization(users=[{"name": users["other_editor"]["name"], "capacity": "editor"}])
    department_org(users=[{"name": users["department"]["name"], "capacity": "member"}])
    project = create_project(host["id"], users["creator"], pi_email=EMAIL, pi_phone=PHONE)
    helpers.call_action("package_patch", {"user": users["creator"]["name"]}, id=project["id"],
                        title="Nhiệm vụ có dấu vết", pi_phone=PHONE)
    # The creator is still the creator once no longer an editor.
    helpers.call_action("organization_member_create", {"user": users["sysadmin"]["name"]},
                        id=host["id"],
                        username=users["creator"]["name"], role="member")
    users["anonymous"] = None
    return project, host, users


def _expect(role: str, value) -> None:
    found = _leaks(value)
    if role in ALLOWED:
        assert found == {EMAIL, PHONE}, role
    else:
        assert not found, role


def test_package_show(world):
    project, _host, users = world
    for role in ROLES:
        _expect(role, helpers.call_action("package_show", _as(users[role]), id=project["id"]))


def test_search_results(world):
    project, _host, users = world
    for role in ROLES:
        found = helpers.call_action("package_search", _as(users[role]), q="*:*")
        assert [r["id"] for r in found["results"]] == [project["id"]], role
        _expect(role, found["results"])


@pytest.mark.parametrize("fl", ["id,name,data_dict", "validated_data_dict", "*", "data_dict,pi_email"])
def test_index_copies_never_hold_personal_data(world, fl):
    project, _host, users = world
    for role in ROLES:
        found = helpers.call_action("package_search", _as(users[role]), q="*:*", fl=fl)
        assert found["count"] == 1 and not _leaks(found), (role, fl)


def test_nobody_finds_or_facets_on_personal_data(world):
    project, _host, users = world
    for role in ROLES:
        for q in (f'"{EMAIL}"', f'"{PHONE}"', f'pi_email:"{EMAIL}"',
                  f'extras_pi_email:"{EMAIL}"', "pi_phone:*", "pi_email:*"):
            assert helpers.call_action("package_search", _as(users[role]), q=q)["count"] == 0, (role, q)
        found = helpers.call_action("package_search", _as(users[role]), q="*:*",
                                    **{"facet.field": '["pi_email", "pi_phone", "extras_pi_email"]'})
        assert not _leaks(found["facets"]) and not _leaks(found["search_facets"]), role
    raw = query_for(model.Package).run({"q": "*:*", "fl": "*"}, permission_labels=None)
    assert raw["count"] == 1 and not _leaks(raw["results"])


def test_activity_actions(world):
    project, host, users = world
    for role in ROLES:
        context = _as(users[role])
        lists = [
            helpers.call_action("package_activity_list", context, id=project["id"]),
            helpers.call_action("recently_changed_packages_activity_list", context),
            helpers.call_action("organization_activity_list", context, id=host["id"]),
        ]
        if users[role] is not None:
            lists.append(helpers.call_action("user_activity_list", context,
                                             id=users["creator"]["name"]))
        for activities in lists:
            assert len(activities) >= 2, role   # created, then changed
            assert not _leaks(activities), role
            # The public name stays in the stored dataset.
            assert "PGS.TS. Nguyễn Văn A" in json.dumps(activities, ensure_ascii=False), role
        newest = lists[0][0]
        try:
            detail = helpers.call_action("activity_show", context, id=newest["id"],
                                         include_data=True)
            assert not _leaks(detail), role
        except NotAuthorized:   # ckanext-activity: data for those who may edit the project
            assert role not in ("host_editor", "host_admin", "sysadmin"), role
        try:
            diff = helpers.call_action("activity_diff", context, id=newest["id"],
                                       object_type="package", diff_type="unified")
        except NotAuthorized:   # ckanext-activity: for those who may edit the project
            assert role not in ("host_editor", "host_admin", "sysadmin"), role
            continue
        # The diff is of JSON text: the new title is there, escaped.
        assert json.dumps("Nhiệm vụ có dấu vết")[1:-1] in diff["diff"], role
        assert not _leaks(diff), role


def test_activity_read_redacts_what_an_older_release_stored(world):
    """Activities stored before personal fields were kept out of them."""
    from ckanext.activity.model import Activity
    project, _host, users = world
    stored = model.Session.query(Activity).filter_by(object_id=project["id"]).all()
    for activity in stored:
        activity.data = dict(activity.data, package=dict(activity.data["package"],
                                                         pi_email=EMAIL, pi_phone=PHONE))
    model.Session.commit()
    stored = model.Session.query(Activity).filter_by(object_id=project["id"]).all()
    assert _leaks([a.data for a in stored]) == {EMAIL, PHONE}
    for role in ROLES:
        activities = helpers.call_action("package_activity_list", _as(users[role]), id=project["id"])
        if role not in ALLOWED:
            assert not _leaks(activities), role


def test_activity_and_changes_pages(app, world):
    project, _host, users = world
    activities = helpers.call_action("package_activity_list", {"user": users["sysadmin"]["name"]},
                                     id=project["id"])
    for role in ROLES:
        headers = ({"Authorization": factories.APIToken(user=users[role]["name"])["token"]}
                   if users[role] else {})
        for url in (f"/dataset/activity/{project['name']}",
                    f"/dataset/changes/{activities[0]['id']}",
                    f"/api/3/action/package_activity_list?id={project['id']}"):
            response = app.get(url, headers=headers)
            assert response.status_code in (200, 403), (role, url)
            # Pages show the stream and the changes, never the contact details.
            assert not _leaks(response.body), (role, url)


def test_dataset_page(app, world):
    project, _host, users = world
    for role in ROLES:
        headers = ({"Authorization": factories.APIToken(user=users[role]["name"])["token"]}
                   if users[role] else {})
        _expect(role, app.get(f"/science-project/{project['name']}", headers=headers).body)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_carries_no_personal_data(world, fmt):
    project, _host, users = world
    for role in ROLES:
        export = helpers.call_action("thainguyen_project_export", _as(users[role]), format=fmt)
        if export["encoding"] == "base64":
            sheet = load_workbook(io.BytesIO(base64.b64decode(export["content"]))).active
            values = list(sheet.iter_rows(values_only=True))
            rows = [dict(zip(values[0], row)) for row in values[1:]]
        else:
            rows = list(csv.DictReader(io.StringIO(export["content"].lstrip("\ufeff"))))
        assert [r["project_code"] for r in rows] == [project["project_code"]] * 2
        assert rows[0]["pi_name"] == "PGS.TS. Nguyễn Văn A"
        assert not _leaks(rows), role
