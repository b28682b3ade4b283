"""Malformed input to the access-request actions: a field-level 409 in
Vietnamese, never a 500, and nothing written (issue 9)."""
from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories, helpers

from ckanext.thainguyen.access.model import AccessRequest
from tests.catalogue.factories import special_entry

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _post(app: Any, action: str, user: Any, **data: Any) -> Any:
    headers = {"Authorization": factories.APIToken(user=user["name"])["token"]} if user else {}
    return app.post(f"/api/3/action/{action}", json=data, headers=headers)


@pytest.fixture
def pending():
    requester, sysadmin = factories.User(), factories.Sysadmin()
    entry = special_entry()
    request = helpers.call_action(
        "thainguyen_access_request_create", {"user": requester["name"]}, package_id=entry["id"],
        purpose="Nghiên cứu", legal_basis="Luật Dữ liệu", period_start="2026-01-01",
        period_end="2026-12-31")
    return {"requester": requester, "sysadmin": sysadmin, "entry": entry, "request": request}


@pytest.mark.parametrize("bad_id", ["a\x00b", "\ud800", ["x"], {"id": 1}, 7, True])
def test_an_id_that_cannot_be_looked_up_is_refused_or_not_found(app, pending, bad_id):
    response = _post(app, "thainguyen_access_request_show", pending["sysadmin"], id=bad_id)
    assert response.status_code in (404, 409)
    if response.status_code == 409:
        assert "id" in response.json["error"]


def test_a_nul_byte_in_a_purpose_is_refused_by_field_in_vietnamese(app, pending):
    response = _post(app, "thainguyen_access_request_create", factories.User(),
                     package_id=pending["entry"]["id"], purpose="Nghiên\x00cứu",
                     legal_basis="Luật", period_start="2026-01-01", period_end="2026-02-01")
    assert response.status_code == 409
    assert response.json["error"]["purpose"] == ["Văn bản chứa ký tự NUL"]


def test_a_megabyte_purpose_is_refused_with_its_limit(app, pending):
    response = _post(app, "thainguyen_access_request_create", factories.User(),
                     package_id=pending["entry"]["id"], purpose="x" * (1 << 20),
                     legal_basis="Luật", period_start="2026-01-01", period_end="2026-02-01")
    assert response.status_code == 409
    assert response.json["error"]["purpose"] == ["Văn bản quá dài: tối đa 8000 ký tự"]
    assert AccessRequest.get(pending["request"]["id"]) is not None


@pytest.mark.parametrize("params, field", [
    ({"mine": 1}, "mine"), ({"mine": []}, "mine"),
    ({"offset": 2**63}, "offset"), ({"offset": "9223372036854775808"}, "offset"),
    ({"limit": "1e400"}, "limit"),
])
def test_list_parameters_it_cannot_handle_are_refused(app, pending, params, field):
    response = _post(app, "thainguyen_access_request_list", pending["requester"], **params)
    assert response.status_code == 409
    assert field in response.json["error"]


@pytest.mark.parametrize("expires", ["9999-12-31", "9999-12-31T23:00:00-14:00",
                                     "0001-01-01T00:00:00+14:00"])
def test_an_expiry_at_the_end_of_the_calendar_is_refused(app, pending, expires):
    response = _post(app, "thainguyen_access_request_approve", pending["sysadmin"],
                     id=pending["request"]["id"], expires=expires)
    assert response.status_code == 409
    assert "expires" in response.json["error"]
    assert AccessRequest.get(pending["request"]["id"]).status == "pending"


def test_the_last_accepted_expiry_still_renders(app, pending):
    response = _post(app, "thainguyen_access_request_approve", pending["sysadmin"],
                     id=pending["request"]["id"], expires="9998-12-31")
    assert response.status_code == 200
    token = factories.APIToken(user=pending["requester"]["name"])["token"]
    page = app.get("/dashboard/access-requests", headers={"Authorization": token})
    assert page.status_code == 200
    # Day first, as people in Vietnam write it (CKAN would write "tháng 12 31, 9999").
    assert "31/12/9998 23:59" in page.get_data(as_text=True)
