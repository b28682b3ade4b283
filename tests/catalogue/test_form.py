"""The catalogue entry form: its fields, and field-level errors on submit."""
from __future__ import annotations

import re

import pytest

from ckan import model
from ckan.tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins")


def _csrf(body: str) -> str:
    match = re.search(r'name="_csrf_token"\s+value="([^"]+)"', body)
    assert match, "the form carries no CSRF token"
    return match.group(1)


def test_form_has_the_catalogue_fields_and_enforces_mode_rules(app):
    admin = factories.UserWithToken()
    org = factories.Organization(users=[{"name": admin["name"], "capacity": "admin"}])
    partner = factories.Organization(title="Sở Đối tác")
    headers = {"Authorization": admin["token"]}

    form = app.get("/dataset/new", headers=headers)
    assert form.status_code == 200
    body = form.get_data(as_text=True)
    for field in ("catalogue_code", "sharing_mode", "shared_with", "access_conditions",
                  "approving_authority", "sector", "connection_method", "contact_email"):
        assert f'name="{field}"' in body, field
    assert "Sở Đối tác" in body  # agencies to share with

    data = {"_csrf_token": _csrf(body), "name": "entry-form", "title": "Mục từ biểu mẫu",
            "owner_org": org["id"], "catalogue_code": "TN-FORM-001",
            "sharing_mode": "default", "license_id": "other-closed", "save": ""}
    refused = app.post("/dataset/new", data=data, headers=headers)
    assert refused.status_code == 200
    refused_body = refused.get_data(as_text=True)
    assert "error-explanation" in refused_body
    assert ("Choose the agencies this entry is shared with" in refused_body
            or "Chọn các cơ quan được chia sẻ" in refused_body)
    assert model.Package.get("entry-form") is None

    data.update(_csrf_token=_csrf(refused_body), shared_with=partner["id"])
    created = app.post("/dataset/new", data=data, headers=headers, follow_redirects=False)
    assert created.status_code == 302
    package = model.Package.get("entry-form")
    assert package is not None and package.private is True
