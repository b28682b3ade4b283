"""The access-request pages, through CKAN's real Flask app (CSRF included)."""
from __future__ import annotations


import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.browser import Browser
from tests.catalogue.factories import catalogue_entry, special_entry

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index"),
    pytest.mark.ckan_config("ckanext.thainguyen.hide_restricted_metadata", True),
]

FAR = "2099-12-31"


def _call(action, user, **data):
    return helpers.call_action(action, context={"user": user["name"]}, **data)


@pytest.fixture
def people():
    admin = factories.User(email="admin@stnmt.example")
    member = factories.User()
    org = factories.Organization(users=[
        {"name": admin["name"], "capacity": "admin"},
        {"name": member["name"], "capacity": "member"},
    ])
    return {
        "org": org, "admin": admin, "member": member,
        "requester": factories.User(fullname="Nguyễn Văn An", email="an@example.vn"),
        "other": factories.User(email="other@example.vn"),
    }


@pytest.fixture
def entry(people):
    return special_entry(owner_org=people["org"]["id"], title="CSDL hồ sơ địa chính")


def _form(**overrides):
    data = {
        "purpose": "Đối soát hồ sơ đất đai",
        "legal_basis": "Công văn số 123/UBND-KT",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
    }
    data.update(overrides)
    return data


def _request_url(entry):
    return f"/dataset/{entry['name']}/request-access"


def _org_url(people):
    return f"/organization/{people['org']['name']}/access-requests"


class TestRequestForm:
    def test_anonymous_users_are_sent_to_sign_in(self, app, entry):
        response = Browser(app).get(_request_url(entry))
        assert response.status_code == 302
        assert "/user/login" in response.headers["Location"]
        assert "request-access" in response.headers["Location"]

    def test_form_is_csrf_protected_and_vietnamese(self, app, people, entry):
        page = Browser(app, people["requester"]).get(_request_url(entry))
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert 'name="_csrf_token"' in html
        for field in ("purpose", "legal_basis", "period_start", "period_end"):
            assert f'name="{field}"' in html
        assert "Mục đích sử dụng" in html
        assert "Gửi yêu cầu" in html

    def test_submitting_creates_a_pending_request(self, app, people, entry):
        browser = Browser(app, people["requester"])
        response = browser.post(_request_url(entry), _form(), csrf_from=_request_url(entry))
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/dashboard/access-requests")
        (created,) = _call("thainguyen_access_request_list", people["requester"])
        assert created["status"] == "pending"
        assert created["package_id"] == entry["id"]
        assert created["purpose"] == "Đối soát hồ sơ đất đai"

    def test_bad_input_re_renders_the_form_with_field_errors(self, app, people, entry):
        browser = Browser(app, people["requester"])
        response = browser.post(
            _request_url(entry),
            _form(purpose="", period_start="2026-06-01", period_end="2026-01-01"),
            csrf_from=_request_url(entry),
        )
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert "Giá trị bị mất" in html
        assert "Ngày kết thúc không được trước ngày bắt đầu" in html
        # What the user typed is kept.
        assert "Công văn số 123/UBND-KT" in html
        assert _call("thainguyen_access_request_list", people["requester"]) == []

    def test_a_second_pending_request_is_refused_on_the_form(self, app, people, entry):
        browser = Browser(app, people["requester"])
        browser.post(_request_url(entry), _form(), csrf_from=_request_url(entry))
        response = browser.post(_request_url(entry), _form(), csrf_from=_request_url(entry))
        assert response.status_code == 400
        assert "Bạn đã có một yêu cầu đang chờ xử lý" in response.get_data(as_text=True)
        assert len(_call("thainguyen_access_request_list", people["requester"])) == 1

    def test_post_without_csrf_token_is_refused(self, app, people, entry):
        # CKAN 2.12 exempts a view from CSRF for the whole process once an
        # anonymous visitor reaches it (see csrf_guard.py): visit first.
        assert Browser(app).get(_request_url(entry)).status_code == 302
        response = Browser(app, people["requester"]).post(_request_url(entry), _form())
        assert response.status_code == 400
        assert _call("thainguyen_access_request_list", people["requester"]) == []

    @pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", "true")
    def test_our_form_stays_protected_when_ckan_ignores_extensions(self, app, people, entry):
        # That option (CKAN 2.11's default) exempts every plugin's blueprints;
        # ours carry the token in every form, so they are checked anyway.
        response = Browser(app, people["requester"]).post(_request_url(entry), _form())
        assert response.status_code == 400
        assert _call("thainguyen_access_request_list", people["requester"]) == []

    def test_api_token_post_needs_no_csrf_token(self, app, people, entry):
        # As CKAN intends: a request signed by an API token carries no cookie
        # another site could replay, so it is exempt from the CSRF check.
        token = factories.APIToken(user=people["requester"]["name"])["token"]
        response = app.post(_request_url(entry), data=_form(), headers={"Authorization": token},
                            follow_redirects=False)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/dashboard/access-requests")
        (created,) = _call("thainguyen_access_request_list", people["requester"])
        assert created["status"] == "pending"

    def test_entries_not_in_special_mode_offer_no_form(self, app, people):
        dataset = catalogue_entry("open", owner_org=people["org"]["id"])
        browser = Browser(app, people["requester"])
        page = browser.get(_request_url(dataset))
        assert page.status_code == 200
        assert "thainguyen-access-request-form" not in page.get_data(as_text=True)
        browser.post(_request_url(dataset), _form(), csrf_from=_request_url(dataset))
        assert _call("thainguyen_access_request_list", people["requester"]) == []

    def test_unknown_entry_is_404(self, app, people):
        assert Browser(app, people["requester"]).get("/dataset/khong-ton-tai/request-access").status_code == 404


class TestDashboard:
    def test_requester_follows_the_status_of_their_requests(self, app, people, entry):
        created = _call("thainguyen_access_request_create", people["requester"], package_id=entry["id"], **_form())
        _call("thainguyen_access_request_reject", people["admin"], id=created["id"], reason="Thiếu căn cứ pháp lý")

        page = Browser(app, people["requester"]).get("/dashboard/access-requests")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert f'data-request-id="{created["id"]}" data-status="rejected"' in html
        assert "Thiếu căn cứ pháp lý" in html
        assert "CSDL hồ sơ địa chính" in html

        other = Browser(app, people["other"]).get("/dashboard/access-requests").get_data(as_text=True)
        assert created["id"] not in other
        # The dashboard's own tabs lead here.
        assert 'href="/dashboard/access-requests"' in Browser(app, people["other"]).get(
            "/dashboard/datasets").get_data(as_text=True)

    def test_anonymous_users_are_sent_to_sign_in(self, app):
        response = Browser(app).get("/dashboard/access-requests")
        assert response.status_code == 302
        assert "/user/login" in response.headers["Location"]


class TestOrganizationPage:
    @pytest.fixture
    def pending(self, people, entry):
        return _call("thainguyen_access_request_create", people["requester"], package_id=entry["id"], **_form())

    def test_admin_sees_pending_requests_with_the_requesters_contact(self, app, people, pending):
        page = Browser(app, people["admin"]).get(_org_url(people))
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert f'data-request-id="{pending["id"]}" data-status="pending"' in html
        assert "an@example.vn" in html
        assert html.count('name="_csrf_token"') >= 2

    @pytest.mark.parametrize("role, status", [("member", 403), ("other", 403), ("requester", 403)])
    def test_others_may_not_see_it(self, app, people, pending, role, status):
        response = Browser(app, people[role]).get(_org_url(people))
        assert response.status_code == status
        assert "an@example.vn" not in response.get_data(as_text=True)

    def test_anonymous_users_are_sent_to_sign_in(self, app, people, pending):
        assert Browser(app).get(_org_url(people)).status_code == 302

    def test_only_admins_get_the_tab_on_the_organisation_page(self, app, people):
        org_page = f"/organization/{people['org']['name']}"
        assert _org_url(people) in Browser(app, people["admin"]).get(org_page).get_data(as_text=True)
        assert _org_url(people) not in Browser(app, people["member"]).get(org_page).get_data(as_text=True)

    def test_approve_then_revoke_through_the_forms(self, app, people, entry, pending):
        requester = Browser(app, people["requester"])
        assert requester.get(f"/dataset/{entry['name']}").status_code in (403, 404)

        admin = Browser(app, people["admin"])
        url = f"{_org_url(people)}/{pending['id']}"
        response = admin.post(f"{url}/approve", {"expires": FAR, "note": ""}, csrf_from=_org_url(people))
        assert response.status_code == 302
        assert _call("thainguyen_access_request_show", people["admin"], id=pending["id"])["status"] == "approved"
        assert requester.get(f"/dataset/{entry['name']}").status_code == 200

        response = admin.post(f"{url}/revoke", {"reason": "Hết nhiệm vụ"}, csrf_from=_org_url(people))
        assert response.status_code == 302
        assert _call("thainguyen_access_request_show", people["admin"], id=pending["id"])["status"] == "revoked"
        assert requester.get(f"/dataset/{entry['name']}").status_code in (403, 404)

    def test_reject_without_reason_shows_the_error_beside_the_form(self, app, people, pending):
        admin = Browser(app, people["admin"])
        response = admin.post(f"{_org_url(people)}/{pending['id']}/reject", {"reason": " "},
                              csrf_from=_org_url(people))
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert "Giá trị bị mất" in html
        assert _call("thainguyen_access_request_show", people["admin"], id=pending["id"])["status"] == "pending"

    def test_illegal_transition_is_an_error_on_the_page_not_a_500(self, app, people, pending):
        _call("thainguyen_access_request_reject", people["admin"], id=pending["id"], reason="Không đủ căn cứ")
        admin = Browser(app, people["admin"])
        response = admin.post(f"{_org_url(people)}/{pending['id']}/approve", {"expires": FAR},
                              csrf_from=_org_url(people))
        assert response.status_code == 400
        assert _call("thainguyen_access_request_show", people["admin"], id=pending["id"])["status"] == "rejected"

    def test_decision_without_csrf_token_is_refused(self, app, people, pending):
        url = f"{_org_url(people)}/{pending['id']}/approve"
        # An anonymous POST first, as a crawler's would (see csrf_guard.py).
        assert Browser(app).post(url, {"expires": FAR}).status_code == 302
        response = Browser(app, people["admin"]).post(url, {"expires": FAR, "note": ""})
        assert response.status_code == 400
        assert _call("thainguyen_access_request_show", people["admin"], id=pending["id"])["status"] == "pending"

    def test_a_member_cannot_decide_by_posting(self, app, people, entry, pending):
        member = Browser(app, people["member"])
        # A valid token from a page the member may open: only authorisation refuses.
        response = member.post(f"{_org_url(people)}/{pending['id']}/approve", {"expires": FAR},
                               csrf_from=_request_url(entry))
        assert response.status_code == 403
        assert _call("thainguyen_access_request_show", people["admin"], id=pending["id"])["status"] == "pending"


class TestApiMessages:
    def test_api_errors_are_field_level_and_vietnamese(self, app, people, entry):
        token = factories.APIToken(user=people["requester"]["name"])["token"]
        response = app.post(
            "/api/3/action/thainguyen_access_request_create",
            json={"package_id": entry["id"], "purpose": "", "legal_basis": "x",
                  "period_start": "2026-01-01", "period_end": "2026-02-01"},
            headers={"Authorization": token},
            status=409,
        )
        error = response.json["error"]
        assert error["__type"] == "Validation Error"
        assert error["purpose"] == ["Giá trị bị mất"]

    def test_anonymous_api_call_is_refused(self, app, entry):
        response = app.post(
            "/api/3/action/thainguyen_access_request_create",
            json={"package_id": entry["id"]}, status=403,
        )
        assert response.json["success"] is False
        assert tk.config.get("ckan.locale_default") == "vi"
