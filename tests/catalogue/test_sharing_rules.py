"""Sharing rules over time: grants, memberships, mode changes, hidden
metadata, bulk visibility changes, unclassified datasets, many labels."""
from __future__ import annotations

import datetime
import json

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search
from ckan.lib.search.common import SearchError
from ckan.tests import factories, helpers

from ckanext.thainguyen.catalogue.search import terms_filter
from ckanext.thainguyen.catalogue.rules import derive_private

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

SECRET = "https://data.example.org/secret.csv"
HIDE = "ckanext.thainguyen.hide_restricted_metadata"


def _ctx(user):
    if user is None:
        return {"user": "", "ignore_auth": False}
    return {"user": user["name"], "ignore_auth": False}


def _call(user, action, **data):
    return helpers.call_action(action, _ctx(user), **data)


def _entry(admin, org, mode, code, **fields):
    per_mode = {
        "open": {"license_id": "cc-by"},
        "default": {"shared_with": fields.pop("shared_with", ["all"])},
        "special": {"access_conditions": "Cơ quan y tế", "approving_authority": "Giám đốc Sở"},
    }
    return _call(admin, "package_create", name=f"entry-{code.lower()}", owner_org=org["id"],
                 catalogue_code=f"TN-RULE-{code}", sharing_mode=mode,
                 resources=[{"name": "Bảng", "url": SECRET, "format": "CSV"}],
                 **per_mode[mode], **fields)


def _sees_data(user, dataset_id):
    return SECRET in json.dumps(_call(user, "package_show", id=dataset_id))


def _found(user, dataset_id, **params):
    return _call(user, "package_search", fq=f'id:"{dataset_id}"', **params)["count"] == 1


def _grant(requester, approver, dataset_id):
    today = datetime.date.today()
    request = _call(requester, "thainguyen_access_request_create", package_id=dataset_id,
                    purpose="Nghiên cứu", legal_basis="Luật Dữ liệu 2024",
                    period_start=today.isoformat(),
                    period_end=(today + datetime.timedelta(days=30)).isoformat())
    return _call(approver, "thainguyen_access_request_approve", id=request["id"],
                 expires=(today + datetime.timedelta(days=30)).isoformat())


@pytest.fixture
def agency():
    admin = factories.User()
    org = factories.Organization(users=[{"name": admin["name"], "capacity": "admin"}])
    return admin, org


def test_derive_private_is_the_rule_for_classification():
    assert derive_private("open") is False
    assert derive_private("default") is True
    assert derive_private("special") is True
    assert derive_private(None) is None


def test_grant_approval_and_revocation_take_effect_at_once(agency):
    admin, org = agency
    entry = _entry(admin, org, "special", "001")
    citizen = factories.User()
    assert not _sees_data(citizen, entry["id"])
    grant = _grant(citizen, admin, entry["id"])
    assert _sees_data(citizen, entry["id"])
    result = _call(citizen, "package_search", fq=f'id:"{entry["id"]}"')
    assert SECRET in json.dumps(result["results"])
    _call(admin, "thainguyen_access_request_revoke", id=grant["id"], reason="Hết hạn dự án")
    assert not _sees_data(citizen, entry["id"])


def test_membership_changes_take_effect_at_once(agency):
    admin, org = agency
    partner = factories.Organization()
    entry = _entry(admin, org, "default", "002", shared_with=[partner["name"]])
    staff = factories.User()
    assert not _sees_data(staff, entry["id"])
    helpers.call_action("organization_member_create", id=partner["id"],
                        username=staff["name"], role="member")
    assert _sees_data(staff, entry["id"])
    helpers.call_action("organization_member_delete", {"user": factories.Sysadmin()["name"]},
                        id=partner["id"], username=staff["name"])
    assert not _sees_data(staff, entry["id"])


@pytest.mark.ckan_config("ckan.auth.allow_dataset_collaborators", True)
@pytest.mark.parametrize("mode", ["default", "special"])
def test_collaborators_of_a_restricted_entry_use_its_data(agency, mode):
    # The entry's own admins chose them, as CKAN's collaborators of a private dataset.
    admin, org = agency
    entry = _entry(admin, org, mode, {"default": "021", "special": "022"}[mode],
                   shared_with=[org["id"]])
    outsider = factories.User()
    assert not _sees_data(outsider, entry["id"])
    helpers.call_action("package_collaborator_create", id=entry["id"], user_id=outsider["id"],
                        capacity="member")
    assert _sees_data(outsider, entry["id"])
    helpers.call_action("package_collaborator_delete", id=entry["id"], user_id=outsider["id"])
    assert not _sees_data(outsider, entry["id"])


@pytest.mark.ckan_config(HIDE, True)
def test_hidden_metadata_follows_membership_and_grants_without_reindex(agency):
    admin, org = agency
    partner = factories.Organization()
    shared = _entry(admin, org, "default", "003", shared_with=[partner["id"]])
    special = _entry(admin, org, "special", "004")
    opened = _entry(admin, org, "open", "005")
    citizen = factories.User()
    for user in (None, citizen):
        assert _found(user, opened["id"])
        for entry in (shared, special):
            assert not _found(user, entry["id"])
            with pytest.raises(tk.NotAuthorized):
                _call(user, "package_show", id=entry["id"])
    helpers.call_action("organization_member_create", id=partner["id"],
                        username=citizen["name"], role="member")
    assert _found(citizen, shared["id"]) and _sees_data(citizen, shared["id"])
    assert not _found(citizen, special["id"])
    _grant(citizen, admin, special["id"])
    assert _found(citizen, special["id"]) and _sees_data(citizen, special["id"])
    assert _found(admin, shared["id"]) and _found(admin, special["id"])


def test_switching_hide_restricted_metadata_needs_no_reindex(agency, ckan_config, monkeypatch):
    admin, org = agency
    special = _entry(admin, org, "special", "014")
    shared = _entry(admin, org, "default", "015")
    member = factories.User()
    helpers.call_action("organization_member_create", id=org["id"], username=member["name"],
                        role="member")
    for hide in (False, True, False):
        # The running site's option changed, the index left as it was.
        monkeypatch.setitem(ckan_config, HIDE, hide)
        for entry in (special, shared):
            for user in (None, factories.User()):
                assert _found(user, entry["id"]) is not hide, (hide, user)
                if hide:
                    with pytest.raises(tk.NotAuthorized):
                        _call(user, "package_show", id=entry["id"])
                else:
                    assert not _sees_data(user, entry["id"])
            assert _found(member, entry["id"]) and _sees_data(member, entry["id"])


def test_mode_change_applies_to_search_at_once(agency):
    admin, org = agency
    entry = _entry(admin, org, "open", "006", sector="health")
    result = _call(None, "package_search", fq="sharing_mode:open")
    assert SECRET in json.dumps(result["results"])
    _call(admin, "package_patch", id=entry["id"], sharing_mode="special",
          access_conditions="Cơ quan y tế", approving_authority="Giám đốc Sở")
    assert _call(None, "package_search", fq="sharing_mode:open")["count"] == 0
    result = _call(None, "package_search", fq="sharing_mode:special")
    assert result["count"] == 1 and SECRET not in json.dumps(result)
    assert model.Package.get(entry["id"]).private is True


def test_facets_for_mode_and_sector(agency):
    admin, org = agency
    _entry(admin, org, "open", "007", sector="health")
    _entry(admin, org, "special", "008", sector="health")
    _entry(admin, org, "default", "009", sector="land")
    result = _call(None, "package_search", **{"facet.field": '["sharing_mode", "sector", "organization"]'})
    assert result["facets"]["sharing_mode"] == {"open": 1, "default": 1, "special": 1}
    assert result["facets"]["sector"] == {"health": 2, "land": 1}
    assert result["facets"]["organization"] == {org["name"]: 3}


def test_bulk_visibility_changes_cannot_undo_the_mode(agency):
    admin, org = agency
    opened = _entry(admin, org, "open", "010")
    special = _entry(admin, org, "special", "011")
    _call(admin, "bulk_update_public", org_id=org["id"], datasets=[opened["id"], special["id"]])
    assert model.Package.get(special["id"]).private is True
    _call(admin, "bulk_update_private", org_id=org["id"], datasets=[opened["id"], special["id"]])
    assert model.Package.get(opened["id"]).private is False
    assert _found(None, opened["id"]) and SECRET in json.dumps(
        _call(None, "package_search", fq=f'id:"{opened["id"]}"')["results"])


def _legacy_dataset(org, private, name=None, license_id=None, **extras):
    """A dataset created before the extension: no catalogue fields at all
    (unless ``extras`` gives some), its resource written without a position
    as an old site's imports did."""
    package = model.Package(name=name or f"legacy-{'private' if private else 'public'}",
                            title="Dữ liệu cũ", owner_org=org["id"], private=private,
                            type="dataset", state="active", license_id=license_id)
    model.Session.add(package)
    model.Session.flush()
    if extras:
        package.extras = extras
    model.Session.add(model.Resource(package_id=package.id, url=SECRET, name="Cũ", format="CSV"))
    model.Session.commit()
    search.rebuild(package.id)
    return package.id


def test_unclassified_datasets_keep_working(agency):
    admin, org = agency
    public_id = _legacy_dataset(org, private=False)
    private_id = _legacy_dataset(org, private=True)
    member = factories.User()
    helpers.call_action("organization_member_create", id=org["id"],
                        username=member["name"], role="member")

    # Public ones behave as open, private ones as private datasets do.
    assert _sees_data(None, public_id) and _found(None, public_id)
    with pytest.raises(tk.NotAuthorized):
        _call(None, "package_show", id=private_id)
    assert not _found(None, private_id)
    assert _sees_data(member, private_id) and _found(member, private_id, include_private=True)
    # As in stock CKAN, a default search leaves a private unclassified dataset out.
    assert not _found(member, private_id)

    # Editors are told; others are not.
    assert _call(admin, "package_show", id=public_id).get("thainguyen_unclassified") is True
    assert "thainguyen_unclassified" not in _call(None, "package_show", id=public_id)
    assert "thainguyen_unclassified" not in _call(member, "package_show", id=private_id)

    # Editing works as before; choosing a mode classifies (test_classification.py).
    edited = _call(admin, "package_patch", id=public_id, title="Dữ liệu cũ (sửa)")
    assert edited["title"] == "Dữ liệu cũ (sửa)" and edited["private"] is False
    classified = _call(admin, "package_patch", id=private_id, sharing_mode="open",
                       license_id="cc-by", catalogue_code="TN-CU-001")
    assert classified["private"] is False and _sees_data(None, private_id)


def _resource_ids(dataset_id):
    # Not through Package.resources: loading it numbers the rows in memory.
    return [r.id for r in model.Session.query(model.Resource.id).filter_by(package_id=dataset_id)]


def test_resources_without_position_can_be_edited(agency):
    """CKAN 2.12 finds resources by position on every edit; old rows have none."""
    admin, org = agency
    unclassified_id = _legacy_dataset(org, private=False)
    resource_id = _resource_ids(unclassified_id)[0]
    # Not classified yet: edited as CKAN edits it.
    _call(admin, "resource_patch", id=resource_id, name="Bảng mới")
    assert model.Resource.get(resource_id).name == "Bảng mới"

    # Entries whose catalogue fields were imported with them: classified, unnumbered.
    open_entry = {"sharing_mode": "open", "license_id": "cc-by"}
    ids = [_legacy_dataset(org, private=False, name=f"legacy-{n}", catalogue_code=f"TN-CU-01{n}",
                           **open_entry) for n in range(4)]
    resource_ids = [_resource_ids(i)[0] for i in ids]

    patched = _call(admin, "resource_patch", id=resource_ids[0], name="Bảng mới")
    assert patched["name"] == "Bảng mới" and patched["url"] == SECRET

    updated = _call(admin, "resource_update", id=resource_ids[1], url=SECRET, name="Bảng 2",
                    format="XLSX")
    assert (updated["name"], updated["format"]) == ("Bảng 2", "XLSX")

    shown = _call(admin, "package_show", id=ids[2])
    with pytest.raises(tk.ValidationError) as info:
        _call(admin, "package_update", **dict(shown, contact_email="không phải thư"))
    assert set(info.value.error_dict) == {"contact_email"}
    edited = _call(admin, "package_update", **dict(shown, title="Dữ liệu cũ (sửa)"))
    assert edited["title"] == "Dữ liệu cũ (sửa)"
    assert [r["id"] for r in edited["resources"]] == [resource_ids[2]]

    added = _call(admin, "resource_create", package_id=ids[3], url=SECRET, name="Thêm")
    resources = _call(admin, "package_show", id=ids[3])["resources"]
    assert [(r["id"], r["position"]) for r in resources] == [(resource_ids[3], 0), (added["id"], 1)]


@pytest.mark.ckan_config(HIDE, True)
def test_search_works_for_a_user_with_more_than_1024_labels(agency):
    """Solr's maxBooleanClauses (1024) must not break anyone's search."""
    from ckanext.thainguyen.access.model import AccessRequest

    admin, org = agency
    entry = _entry(admin, org, "special", "012")
    other = _entry(admin, org, "special", "013")
    user = factories.User()
    _grant(user, admin, entry["id"])
    # Many more real grants, written in bulk (1,100 requests would be slow).
    expires = datetime.datetime.utcnow() + datetime.timedelta(days=30)
    today = datetime.date.today()
    model.Session.add_all([
        AccessRequest(package_id=f"gone-{n:05d}", user_id=user["id"], purpose="x",
                      legal_basis="x", period_start=today, period_end=today,
                      status="approved", expires=expires)
        for n in range(1100)
    ])
    model.Session.commit()

    from ckanext.thainguyen.core import permissions
    labels = permissions.get_user_dataset_labels(model.User.get(user["id"]))
    assert len(labels) > 1100

    # CKAN's own boolean filter fails on this real Solr...
    with pytest.raises(SearchError):
        search.query_for(model.Package).run({"q": "*:*"}, permission_labels=labels)
    # ...ours does not, and still filters.
    found = search.query_for(model.Package).run(
        {"q": "*:*", "fq_list": [terms_filter(labels)], "fl": "id name"}, permission_labels=None)
    assert [r["id"] for r in found["results"]] == [entry["id"]]

    result = _call(user, "package_search", q="*:*")
    assert [r["id"] for r in result["results"]] == [entry["id"]]
    assert SECRET in json.dumps(result["results"])
    assert other["id"] not in json.dumps(result)
    names = [r["name"] for r in _call(user, "package_autocomplete", q="entry")]
    assert names == [entry["name"]]
    org_show = _call(user, "organization_show", id=org["id"], include_datasets=True)
    assert [d["id"] for d in org_show["packages"]] == [entry["id"]]
