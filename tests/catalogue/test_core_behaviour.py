"""Core behaviour the extension must leave as CKAN has it (found by CKAN's own suites).

Each test is a regression once seen only with the extension loaded: bulk
visibility changes reaching search and activities, the dataset list with a
stale index, access decisions within one context, and default searches.
"""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search
from ckan.tests import factories, helpers
from ckanext.activity.model import Activity

from tests.browser import Browser

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

URL = "https://data.example.org/old.csv"


def _ctx(user):
    return {"user": user["name"] if user else "", "ignore_auth": False}


def _legacy(org, name, private):
    """A dataset of the site before the extension: no catalogue fields."""
    package = model.Package(name=name, title=name, owner_org=org["id"], private=private,
                            type="dataset", state="active")
    model.Session.add(package)
    model.Session.flush()
    model.Session.add(model.Resource(package_id=package.id, url=URL, name="Bảng", format="CSV"))
    model.Session.commit()
    search.rebuild(package.id)
    package_id = package.id
    # Each web request starts with an empty session: so does the next call.
    model.Session.remove()
    return package_id


def _anonymous_count(org):
    return helpers.call_action("package_search", _ctx(None), fq=f"owner_org:{org['id']}")["count"]


@pytest.fixture
def agency():
    admin = factories.User()
    org = factories.Organization(users=[{"name": admin["name"], "capacity": "admin"}])
    return admin, org


# A site whose datasets are not classified yet keeps its own dataset schema
# (CKAN 2.12 validates each dataset of a bulk change with it).
existing_site_schema = pytest.mark.ckan_config("scheming.dataset_schemas",
                                               "ckanext.scheming:ckan_dataset.yaml")


@existing_site_schema
@pytest.mark.usefixtures("with_plugins")
def test_bulk_make_private_reaches_the_index_and_the_activities(agency):
    admin, org = agency
    ids = [_legacy(org, f"cu-{n}", private=False) for n in range(3)]
    assert _anonymous_count(org) == 3
    # Loaded before the change and still held, as in a long-lived session.
    held = [model.Package.get(i) for i in ids]

    helpers.call_action("bulk_update_private", _ctx(admin), org_id=org["id"], datasets=ids)

    assert _anonymous_count(org) == 0
    assert all(package.private for package in held)
    # The activities are recorded from the new values: private, for members only.
    recorded = model.Session.query(Activity).filter(Activity.object_id.in_(ids),
                                                    Activity.activity_type == "changed package")
    assert {a.object_id for a in recorded} == set(ids)
    assert all(a.permission_labels == [f"member-{org['id']}"] for a in recorded)
    assert all(a.data["package"]["private"] is True for a in recorded)


@existing_site_schema
@pytest.mark.usefixtures("with_plugins")
def test_bulk_make_public_reaches_the_index(agency):
    admin, org = agency
    ids = [_legacy(org, f"rieng-{n}", private=True) for n in range(3)]
    assert _anonymous_count(org) == 0
    held = [model.Package.get(i) for i in ids]

    helpers.call_action("bulk_update_public", _ctx(admin), org_id=org["id"], datasets=ids)

    assert _anonymous_count(org) == 3
    assert not any(package.private for package in held)


@existing_site_schema
@pytest.mark.usefixtures("with_plugins")
def test_bulk_delete_reaches_the_index_and_the_activities(agency):
    admin, org = agency
    ids = [_legacy(org, f"xoa-{n}", private=False) for n in range(2)]
    held = [model.Package.get(i) for i in ids]

    helpers.call_action("bulk_update_delete", _ctx(admin), org_id=org["id"], datasets=ids)

    assert _anonymous_count(org) == 0
    assert all(package.state == "deleted" for package in held)
    recorded = model.Session.query(Activity.object_id, Activity.activity_type).filter(
        Activity.object_id.in_(ids)).all()
    # CKAN 2.12 records more than one deletion activity per dataset; none may be a change.
    assert {object_id for object_id, _kind in recorded} == set(ids)
    assert {kind for _id, kind in recorded} == {"deleted package"}


def test_the_dataset_list_survives_an_index_ahead_of_the_database(app, agency):
    admin, org = agency
    gone = _legacy(org, "da-xoa", private=False)
    # The row disappears behind the index's back (a purge whose reindex failed).
    model.Session.query(model.Resource).filter_by(package_id=gone).delete()
    model.Session.query(model.Package).filter_by(id=gone).delete()
    model.Session.commit()

    page = Browser(app, admin).get("/dataset/")

    assert page.status_code == 200


def test_an_access_decision_follows_a_membership_made_in_the_same_context(agency):
    admin, org = agency
    dataset_id = _legacy(org, "rieng-tu", private=True)
    resource_id = model.Session.query(model.Resource.id).filter_by(package_id=dataset_id).scalar()
    view = model.ResourceView(resource_id=resource_id, view_type="image_view", title="Ảnh",
                              config={}, order=0)
    model.Session.add(view)
    model.Session.commit()
    user = factories.User()
    context = _ctx(user)

    with pytest.raises(tk.NotAuthorized):
        tk.check_access("resource_view_show", context, {"id": view.id})
    helpers.call_action("organization_member_create", id=org["id"], username=user["name"],
                        role="member")

    assert tk.check_access("resource_view_show", context, {"id": view.id})


def test_default_searches_leave_private_unclassified_datasets_out(agency):
    admin, org = agency
    private_id = _legacy(org, "rieng-cu", private=True)

    default = helpers.call_action("package_search", _ctx(admin), fq=f'id:"{private_id}"')
    asked = helpers.call_action("package_search", _ctx(admin), fq=f'id:"{private_id}"',
                                include_private=True)

    assert default["count"] == 0
    assert asked["count"] == 1



@existing_site_schema
@pytest.mark.ckan_config("ckan.plugins", "activity scheming_datasets thainguyen")
@pytest.mark.usefixtures("with_plugins")
def test_the_dataset_form_says_when_the_search_index_cannot_take_a_new_dataset(
        app, ckan_config, monkeypatch):
    # CKAN's view answers 500 with its own message: the portal's error page keeps it.
    admin = factories.UserWithToken()
    org = factories.Organization(users=[{"name": admin["name"], "capacity": "admin"}])
    dead = "http://127.0.0.1:9/no-solr"
    monkeypatch.setitem(ckan_config, "solr_url", dead)
    # CKAN 2.11 reads the URL it was started with from SolrSettings.
    if hasattr(search.common, "SolrSettings"):
        monkeypatch.setattr(search.common.SolrSettings, "_url", dead)
    response = app.post("/en" + tk.url_for("dataset.new"), headers={"Authorization": admin["token"]},
                        data={"save": "", "name": "khong-co-chi-muc", "owner_org": org["id"]})
    assert response.status_code == 500
    assert "Unable to add package to search index" in response.get_data(as_text=True)
