"""Uploaded files of restricted entries are served only to those with access."""
from __future__ import annotations

import pytest

from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("with_plugins")

CONTENT = "ma,ten\n1,bi-mat\n"


def test_uploaded_file_follows_the_sharing_mode(app, create_with_upload):
    admin = factories.UserWithToken()
    member = factories.UserWithToken()
    citizen = factories.UserWithToken()
    org = factories.Organization(users=[{"name": admin["name"], "capacity": "admin"},
                                        {"name": member["name"], "capacity": "member"}])
    entry = helpers.call_action(
        "package_create", {"user": admin["name"]}, name="entry-upload", owner_org=org["id"],
        catalogue_code="TN-UP-001", sharing_mode="special",
        access_conditions="Cơ quan y tế", approving_authority="Giám đốc Sở")
    resource = create_with_upload(CONTENT, "bang.csv", context={"user": admin["name"]},
                                  package_id=entry["id"], url="bang.csv", name="Bảng")
    assert resource["url_type"] == "upload"
    url = f"/dataset/{entry['id']}/resource/{resource['id']}/download/bang.csv"

    for token in (None, citizen["token"]):
        headers = {"Authorization": token} if token else {}
        response = app.get(url, headers=headers, follow_redirects=False)
        assert response.status_code == 403
        assert "bi-mat" not in response.get_data(as_text=True)
        shown = helpers.call_action("resource_show", {"user": "", "ignore_auth": False},
                                    id=resource["id"])
        assert shown["url"] == "" and shown["name"] == "Bảng"

    response = app.get(url, headers={"Authorization": member["token"]})
    assert response.status_code == 200
    assert response.get_data(as_text=True) == CONTENT
