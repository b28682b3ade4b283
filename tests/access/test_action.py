"""Access requests for special-mode entries, through CKAN's real action stack.

Grants are read as permission labels at every request, so these tests search
the real Solr index right after approving or revoking, without reindexing.
"""
from __future__ import annotations

import datetime

import pytest
from freezegun import freeze_time
from sqlalchemy.exc import IntegrityError

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories, helpers

from ckanext.thainguyen.access.model import (
    AccessRequest, active_grant_package_ids, has_active_grant,
)
from tests.catalogue.factories import catalogue_entry, special_entry

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index"),
    # Special entries wholly hidden from those without a grant, so search
    # visibility shows the grant's effect on metadata too.
    pytest.mark.ckan_config("ckanext.thainguyen.hide_restricted_metadata", True),
]

FAR = "2099-12-31"


def _call(action, user, **data):
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    return helpers.call_action(action, context=context, **data)


def _request_data(dataset, **overrides):
    data = {
        "package_id": dataset["id"],
        "purpose": "Đối soát hồ sơ đất đai phục vụ giải phóng mặt bằng",
        "legal_basis": "Công văn số 123/UBND-KT",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
    }
    data.update(overrides)
    return data


@pytest.fixture
def people():
    org_admin = factories.User(email="admin@stnmt.example")
    member = factories.User()
    editor = factories.User()
    org = factories.Organization(users=[
        {"name": org_admin["name"], "capacity": "admin"},
        {"name": member["name"], "capacity": "member"},
        {"name": editor["name"], "capacity": "editor"},
    ])
    return {
        "org": org,
        "org_admin": org_admin,
        "member": member,
        "editor": editor,
        "requester": factories.User(email="requester@example.vn"),
        "other": factories.User(email="other@example.vn"),
        "sysadmin": factories.Sysadmin(),
        "other_org_admin": factories.User(),
    }


@pytest.fixture
def entry(people):
    factories.Organization(users=[{"name": people["other_org_admin"]["name"], "capacity": "admin"}])
    return special_entry(owner_org=people["org"]["id"], title="CSDL hồ sơ địa chính")


def _found_by(user, dataset):
    result = _call("package_search", user, q=f'id:"{dataset["id"]}"', include_private=True)
    return [row["id"] for row in result["results"]] == [dataset["id"]]


def _can_show(user, dataset):
    try:
        _call("package_show", user, id=dataset["id"])
    except tk.NotAuthorized:
        return False
    return True


class TestWorkflow:
    def test_approve_opens_search_and_show_and_revoke_closes_them(self, people, entry):
        requester, admin = people["requester"], people["org_admin"]
        assert not _found_by(requester, entry)
        assert not _can_show(requester, entry)

        created = _call("thainguyen_access_request_create", requester, **_request_data(entry))
        assert created["status"] == "pending"
        assert created["user_id"] == requester["id"]
        assert created["period_start"] == "2026-01-01"

        mine = _call("thainguyen_access_request_list", requester, mine=True)
        assert [r["id"] for r in mine] == [created["id"]]
        pending = _call("thainguyen_access_request_list", admin, status="pending")
        assert [r["id"] for r in pending] == [created["id"]]
        # Still nothing before the decision.
        assert not _found_by(requester, entry)

        approved = _call("thainguyen_access_request_approve", admin,
                         id=created["id"], expires=FAR, note="Dùng đúng mục đích")
        assert approved["status"] == "approved"
        assert approved["decided_by"]["name"] == admin["name"]
        assert approved["expires"].startswith("2099-12-31T23:59:59")
        assert has_active_grant(requester["id"], entry["id"])
        assert active_grant_package_ids(requester["id"]) == [entry["id"]]

        # No reindex in between: the labels of the user changed, not the index.
        assert _found_by(requester, entry)
        assert _can_show(requester, entry)
        assert not _found_by(people["other"], entry)

        revoked = _call("thainguyen_access_request_revoke", admin,
                        id=created["id"], reason="Hết nhiệm vụ")
        assert revoked["status"] == "revoked"
        assert revoked["revoke_reason"] == "Hết nhiệm vụ"
        assert not has_active_grant(requester["id"], entry["id"])
        assert not _found_by(requester, entry)
        assert not _can_show(requester, entry)

    def test_audit_trail_keeps_who_when_why(self, people, entry):
        requester, admin = people["requester"], people["org_admin"]
        with freeze_time("2030-03-01 08:00:00"):
            created = _call("thainguyen_access_request_create", requester, **_request_data(entry))
        with freeze_time("2030-03-02 09:30:00"):
            _call("thainguyen_access_request_approve", admin, id=created["id"], expires="2030-06-30")
        with freeze_time("2030-03-05 10:00:00"):
            _call("thainguyen_access_request_revoke", people["sysadmin"], id=created["id"],
                  reason="Vi phạm điều kiện khai thác")
            shown = _call("thainguyen_access_request_show", requester, id=created["id"])

        assert [(e["event"], e["actor"]["name"], e["timestamp"], e["note"]) for e in shown["events"]] == [
            ("created", requester["name"], "2030-03-01T08:00:00", None),
            ("approved", admin["name"], "2030-03-02T09:30:00", None),
            ("revoked", people["sysadmin"]["name"], "2030-03-05T10:00:00", "Vi phạm điều kiện khai thác"),
        ]
        assert shown["created"] == "2030-03-01T08:00:00"
        assert shown["decided_at"] == "2030-03-02T09:30:00"
        assert shown["revoked_by"]["name"] == people["sysadmin"]["name"]

    def test_rejection_keeps_the_reason_and_grants_nothing(self, people, entry):
        requester = people["requester"]
        created = _call("thainguyen_access_request_create", requester, **_request_data(entry))
        rejected = _call("thainguyen_access_request_reject", people["org_admin"],
                         id=created["id"], reason="Chưa nêu rõ căn cứ pháp lý")
        assert rejected["status"] == "rejected"
        assert rejected["decision_note"] == "Chưa nêu rõ căn cứ pháp lý"
        assert not has_active_grant(requester["id"], entry["id"])
        assert not _found_by(requester, entry)
        # A rejected request does not block a new one.
        again = _call("thainguyen_access_request_create", requester, **_request_data(entry))
        assert again["status"] == "pending"


class TestExpiry:
    def test_grant_lapses_by_itself(self, people, entry):
        requester = people["requester"]
        with freeze_time("2030-01-01 12:00:00"):
            created = _call("thainguyen_access_request_create", requester, **_request_data(entry))
            _call("thainguyen_access_request_approve", people["org_admin"],
                  id=created["id"], expires="2030-01-10")

        with freeze_time("2030-01-10 23:00:00"):
            assert has_active_grant(requester["id"], entry["id"])
            assert _found_by(requester, entry)
            assert _call("thainguyen_access_request_show", requester, id=created["id"])["status"] == "approved"

        with freeze_time("2030-01-11 00:00:01"):
            assert not has_active_grant(requester["id"], entry["id"])
            assert not _found_by(requester, entry)
            assert not _can_show(requester, entry)
            shown = _call("thainguyen_access_request_show", requester, id=created["id"])
            assert shown["status"] == "expired"
            expired = _call("thainguyen_access_request_list", people["org_admin"], status="expired")
            assert [r["id"] for r in expired] == [created["id"]]
            assert _call("thainguyen_access_request_list", people["org_admin"], status="approved") == []
            # An expired grant cannot be revoked: there is nothing left to withdraw.
            with pytest.raises(tk.ValidationError) as error:
                _call("thainguyen_access_request_revoke", people["org_admin"], id=created["id"], reason="x")
            assert "status" in error.value.error_dict

        # Expiry is derived, never written.
        assert model.Session.get(AccessRequest, created["id"]).status == "approved"

    def test_expiry_with_time_and_offset_is_stored_in_utc(self, people, entry):
        created = _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))
        approved = _call("thainguyen_access_request_approve", people["org_admin"],
                         id=created["id"], expires="2099-05-01T08:00:00+07:00")
        assert approved["expires"] == "2099-05-01T01:00:00"


class TestTransitions:
    def _create(self, people, entry):
        return _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))

    @pytest.mark.parametrize("setup, action, data", [
        ("rejected", "thainguyen_access_request_approve", {"expires": FAR}),
        ("rejected", "thainguyen_access_request_revoke", {"reason": "x"}),
        ("pending", "thainguyen_access_request_revoke", {"reason": "x"}),
        ("approved", "thainguyen_access_request_approve", {"expires": FAR}),
        ("approved", "thainguyen_access_request_reject", {"reason": "x"}),
        ("revoked", "thainguyen_access_request_revoke", {"reason": "x"}),
        ("revoked", "thainguyen_access_request_approve", {"expires": FAR}),
    ])
    def test_illegal_transition_is_refused_and_changes_nothing(self, people, entry, setup, action, data):
        admin = people["org_admin"]
        request_id = self._create(people, entry)["id"]
        if setup == "rejected":
            _call("thainguyen_access_request_reject", admin, id=request_id, reason="Không đủ căn cứ")
        if setup in ("approved", "revoked"):
            _call("thainguyen_access_request_approve", admin, id=request_id, expires=FAR)
        if setup == "revoked":
            _call("thainguyen_access_request_revoke", admin, id=request_id, reason="Hết nhiệm vụ")
        before = _call("thainguyen_access_request_show", admin, id=request_id)

        with pytest.raises(tk.ValidationError) as error:
            _call(action, admin, id=request_id, **data)
        assert list(error.value.error_dict) == ["status"]

        model.Session.remove()
        assert _call("thainguyen_access_request_show", admin, id=request_id) == before

    def test_unknown_request_is_not_found(self, people):
        with pytest.raises(tk.ObjectNotFound):
            _call("thainguyen_access_request_approve", people["sysadmin"], id="no-such-request", expires=FAR)
        with pytest.raises(tk.ObjectNotFound):
            _call("thainguyen_access_request_show", people["org_admin"], id="no-such-request")


class TestValidation:
    def test_missing_fields_get_field_level_errors(self, people, entry):
        with pytest.raises(tk.ValidationError) as error:
            _call("thainguyen_access_request_create", people["requester"], package_id=entry["id"],
                  purpose="   ")
        assert set(error.value.error_dict) == {"purpose", "legal_basis", "period_start", "period_end"}
        assert model.Session.query(AccessRequest).count() == 0

    @pytest.mark.usefixtures("with_request_context")
    def test_errors_are_in_vietnamese_under_the_vi_locale(self, people, entry):
        with pytest.raises(tk.ValidationError) as error:
            _call("thainguyen_access_request_create", people["requester"],
                  **_request_data(entry, purpose="", period_end="2025-01-01"))
        errors = error.value.error_dict
        assert errors["purpose"] == ["Giá trị bị mất"]
        assert errors["period_end"] == ["Ngày kết thúc không được trước ngày bắt đầu"]

    def test_bad_dates(self, people, entry):
        with pytest.raises(tk.ValidationError) as error:
            _call("thainguyen_access_request_create", people["requester"],
                  **_request_data(entry, period_start="01/02/2026", period_end="2026-02-30"))
        assert set(error.value.error_dict) == {"period_start", "period_end"}

    def test_end_before_start(self, people, entry):
        with pytest.raises(tk.ValidationError) as error:
            _call("thainguyen_access_request_create", people["requester"],
                  **_request_data(entry, period_start="2026-06-01", period_end="2026-05-31"))
        assert list(error.value.error_dict) == ["period_end"]

    @pytest.mark.parametrize("mode", ["open", "default"])
    def test_only_special_entries_take_requests(self, people, mode):
        dataset = catalogue_entry(mode, owner_org=people["org"]["id"])
        with pytest.raises(tk.ValidationError) as error:
            _call("thainguyen_access_request_create", people["requester"], **_request_data(dataset))
        assert list(error.value.error_dict) == ["package_id"]
        assert model.Session.query(AccessRequest).count() == 0

    def test_unknown_and_deleted_entries_are_refused(self, people, entry):
        with pytest.raises(tk.ValidationError) as error:
            _call("thainguyen_access_request_create", people["requester"],
                  **_request_data(entry, package_id="khong-ton-tai"))
        assert list(error.value.error_dict) == ["package_id"]
        _call("package_delete", people["sysadmin"], id=entry["id"])
        with pytest.raises(tk.ValidationError):
            _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))

    def test_entry_may_be_named_instead_of_id(self, people, entry):
        created = _call("thainguyen_access_request_create", people["requester"],
                        **_request_data(entry, package_id=entry["name"]))
        assert created["package_id"] == entry["id"]

    def test_second_pending_request_is_refused(self, people, entry):
        _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))
        with pytest.raises(tk.ValidationError) as error:
            _call("thainguyen_access_request_create", people["requester"],
                  **_request_data(entry, purpose="Lần hai"))
        assert list(error.value.error_dict) == ["package_id"]
        assert model.Session.query(AccessRequest).count() == 1
        # Another user may ask for the same entry.
        _call("thainguyen_access_request_create", people["other"], **_request_data(entry))

    def test_database_refuses_a_second_pending_request_too(self, people, entry):
        first = _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))
        row = model.Session.get(AccessRequest, first["id"])
        model.Session.add(AccessRequest(
            package_id=row.package_id, user_id=row.user_id, purpose="p", legal_basis="l",
            period_start=row.period_start, period_end=row.period_end, status="pending",
        ))
        with pytest.raises(IntegrityError):
            model.Session.flush()
        model.Session.rollback()

    @pytest.mark.parametrize("expires, message", [
        ("", "Missing value"),
        ("ngày mai", None),
        ("2001-01-01", None),
    ])
    def test_approval_needs_a_future_expiry(self, people, entry, expires, message):
        created = _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))
        with pytest.raises(tk.ValidationError) as error:
            _call("thainguyen_access_request_approve", people["org_admin"], id=created["id"], expires=expires)
        assert list(error.value.error_dict) == ["expires"]
        if message:
            assert error.value.error_dict["expires"] == [message]
        assert _call("thainguyen_access_request_show", people["org_admin"], id=created["id"])["status"] == "pending"

    @pytest.mark.parametrize("action", ["thainguyen_access_request_reject", "thainguyen_access_request_revoke"])
    def test_reject_and_revoke_need_a_reason(self, people, entry, action):
        created = _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))
        with pytest.raises(tk.ValidationError) as error:
            _call(action, people["org_admin"], id=created["id"], reason="  ")
        assert list(error.value.error_dict) == ["reason"]

    def test_list_filters_are_validated(self, people):
        with pytest.raises(tk.ValidationError) as error:
            _call("thainguyen_access_request_list", people["requester"], status="maybe", limit="-1")
        assert set(error.value.error_dict) == {"status", "limit"}


ROLES = ["requester", "other", "org_admin", "member", "editor", "other_org_admin", "sysadmin", "anonymous"]
DECIDERS = ["org_admin", "sysadmin"]
READERS = DECIDERS + ["requester"]


class TestAuth:
    """Each action against every kind of caller (one database per action, for speed)."""

    @staticmethod
    def _who(people, role):
        return None if role == "anonymous" else people[role]

    @staticmethod
    def _pending(people, entry):
        return _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))

    def test_create(self, people, entry):
        for role in ROLES:
            user = self._who(people, role)
            if role == "anonymous":
                with pytest.raises(tk.NotAuthorized):
                    _call("thainguyen_access_request_create", user, **_request_data(entry))
            else:
                created = _call("thainguyen_access_request_create", user, **_request_data(entry))
                assert created["user_id"] == user["id"], role

    def test_show_and_list(self, people, entry):
        pending = self._pending(people, entry)
        for role in ROLES:
            user = self._who(people, role)
            if role == "anonymous":
                with pytest.raises(tk.NotAuthorized):
                    _call("thainguyen_access_request_list", user)
            else:
                listed = [r["id"] for r in _call("thainguyen_access_request_list", user)]
                assert listed == ([pending["id"]] if role in READERS else []), role
            if role in READERS:
                assert _call("thainguyen_access_request_show", user, id=pending["id"])["id"] == pending["id"]
            else:
                with pytest.raises(tk.NotAuthorized):
                    _call("thainguyen_access_request_show", user, id=pending["id"])

    @pytest.mark.parametrize("action, data", [
        ("thainguyen_access_request_approve", {"expires": FAR}),
        ("thainguyen_access_request_reject", {"reason": "Không đủ căn cứ"}),
    ])
    def test_decide(self, people, entry, action, data):
        pending = self._pending(people, entry)
        for role in ROLES:
            if role in DECIDERS:
                continue
            with pytest.raises(tk.NotAuthorized):
                _call(action, self._who(people, role), id=pending["id"], **data)
            assert _call("thainguyen_access_request_show", people["sysadmin"], id=pending["id"])["status"] == "pending"
        for role in DECIDERS:
            own = self._pending(people, special_entry(owner_org=people["org"]["id"]))
            assert _call(action, people[role], id=own["id"], **data)["status"] != "pending", role

    def test_revoke(self, people, entry):
        grants = {}
        for role in DECIDERS + ["others"]:
            grant = self._pending(people, special_entry(owner_org=people["org"]["id"]))
            _call("thainguyen_access_request_approve", people["org_admin"], id=grant["id"], expires=FAR)
            grants[role] = grant
        for role in ROLES:
            if role in DECIDERS:
                continue
            with pytest.raises(tk.NotAuthorized):
                _call("thainguyen_access_request_revoke", self._who(people, role), id=grants["others"]["id"], reason="r")
        assert has_active_grant(people["requester"]["id"], grants["others"]["package_id"])
        for role in DECIDERS:
            revoked = _call("thainguyen_access_request_revoke", people[role], id=grants[role]["id"], reason="r")
            assert revoked["status"] == "revoked", role


class TestListAndPrivacy:
    def test_requesters_never_see_each_others_requests_or_contacts(self, people, entry):
        mine = _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))
        theirs = _call("thainguyen_access_request_create", people["other"], **_request_data(entry))

        as_requester = _call("thainguyen_access_request_list", people["requester"], package_id=entry["id"])
        assert [r["id"] for r in as_requester] == [mine["id"]]
        assert "other@example.vn" not in repr(as_requester)
        with pytest.raises(tk.NotAuthorized):
            _call("thainguyen_access_request_show", people["requester"], id=theirs["id"])

        as_admin = _call("thainguyen_access_request_list", people["org_admin"], package_id=entry["name"])
        emails = {r["requester"]["email"] for r in as_admin}
        assert emails == {"requester@example.vn", "other@example.vn"}

    def test_filters(self, people, entry):
        second_entry = special_entry(owner_org=people["org"]["id"])
        elsewhere = special_entry()
        a = _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))
        b = _call("thainguyen_access_request_create", people["requester"], **_request_data(second_entry))
        c = _call("thainguyen_access_request_create", people["requester"], **_request_data(elsewhere))
        d = _call("thainguyen_access_request_create", people["org_admin"], **_request_data(elsewhere))
        _call("thainguyen_access_request_approve", people["org_admin"], id=b["id"], expires=FAR)

        def ids(user, **filters):
            return {r["id"] for r in _call("thainguyen_access_request_list", user, **filters)}

        admin = people["org_admin"]
        # The org admin sees their organisation's requests and their own.
        assert ids(admin) == {a["id"], b["id"], d["id"]}
        assert ids(admin, mine=True) == {d["id"]}
        assert ids(admin, owner_org=people["org"]["name"]) == {a["id"], b["id"]}
        assert ids(admin, status="pending") == {a["id"], d["id"]}
        assert ids(admin, status="approved") == {b["id"]}
        assert ids(admin, package_id=second_entry["id"]) == {b["id"]}
        assert ids(people["sysadmin"]) == {a["id"], b["id"], c["id"], d["id"]}
        assert ids(people["requester"]) == {a["id"], b["id"], c["id"]}
        assert len(_call("thainguyen_access_request_list", people["sysadmin"], limit=2)) == 2
        assert len(_call("thainguyen_access_request_list", people["sysadmin"], limit=2, offset=3)) == 1


def test_grant_dates_are_compared_in_utc(people, entry):
    created = _call("thainguyen_access_request_create", people["requester"], **_request_data(entry))
    soon = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)).isoformat()
    _call("thainguyen_access_request_approve", people["org_admin"], id=created["id"], expires=soon)
    assert has_active_grant(people["requester"]["id"], entry["id"])
    with freeze_time(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=6)):
        assert not has_active_grant(people["requester"]["id"], entry["id"])
