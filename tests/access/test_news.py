"""Access-request news in the portal, without mail: the admins' pending count
in the header and on the dashboard, the requester's decisions on the dashboard."""
from __future__ import annotations

import contextlib
import re
from typing import Any, Iterator

import pytest
from freezegun import freeze_time
from sqlalchemy import event

from ckan import model
from ckan.tests import factories, helpers

from tests.browser import Browser
from tests.catalogue.factories import special_entry

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

HEADER_BADGE = re.compile(
    r'<li class="notifications notifications-important thainguyen-pending-access">\s*'
    r'<a href="([^"]+)"[^>]*>.*?<span class="badge">(\d+)</span>', re.S)


def _call(action, user, **data):
    return helpers.call_action(action, context={"user": user["name"], "ignore_auth": False}, **data)


def _ask(user, entry):
    return _call("thainguyen_access_request_create", user, package_id=entry["id"],
                 purpose="Đối soát hồ sơ đất đai", legal_basis="Công văn số 123/UBND-KT",
                 period_start="2026-01-01", period_end="2026-12-31")


@pytest.fixture
def people():
    admin = factories.User()
    first = factories.Organization(name="so-tai-nguyen", title="Sở Tài nguyên và Môi trường",
                                   users=[{"name": admin["name"], "capacity": "admin"}])
    second = factories.Organization(name="so-xay-dung", title="Sở Xây dựng",
                                    users=[{"name": admin["name"], "capacity": "admin"}])
    return {"admin": admin, "first": first, "second": second,
            "requester": factories.User(), "other": factories.User()}


def _badge(html):
    found = HEADER_BADGE.search(html)
    return (found.group(1), int(found.group(2))) if found else None


COUNT_QUERY = "count(thainguyen_access_request.id)"
DECISIONS_QUERY = "coalesce(thainguyen_access_request.revoked_at"


def _counted(statements, marker):
    return len([statement for statement in statements if marker in statement])


@contextlib.contextmanager
def _statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    engine = model.Session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


class TestHeader:
    def test_admins_see_the_pending_count_next_to_their_menu(self, app, people):
        entries = [special_entry(owner_org=people["first"]["id"]) for _ in range(2)]
        for entry in entries:
            _ask(people["requester"], entry)
        _ask(people["other"], entries[0])
        admin = Browser(app, people["admin"])
        # One organisation with requests: the badge leads to its requests.
        assert _badge(admin.get("/dataset/").get_data(as_text=True)) == (
            "/organization/so-tai-nguyen/access-requests", 3)

        second = _ask(people["requester"], special_entry(owner_org=people["second"]["id"]))
        # Two: to the dashboard, which lists both.
        assert _badge(admin.get("/dataset/").get_data(as_text=True)) == ("/dashboard/access-requests", 4)

        _call("thainguyen_access_request_reject", people["admin"], id=second["id"], reason="Thiếu căn cứ")
        assert _badge(admin.get("/").get_data(as_text=True))[1] == 3

    def test_nobody_else_gets_a_badge(self, app, people):
        _ask(people["requester"], special_entry(owner_org=people["first"]["id"]))
        for user in (people["requester"], people["other"], None):
            html = Browser(app, user).get("/dataset/").get_data(as_text=True)
            assert "thainguyen-pending-access" not in html

    def test_the_count_costs_one_query_per_page(self, app, people):
        for _ in range(3):
            _ask(people["requester"], special_entry(owner_org=people["first"]["id"]))
        admin = Browser(app, people["admin"])
        with _statements() as seen:
            html = admin.get("/dataset/").get_data(as_text=True)
        assert _badge(html)[1] == 3
        assert (_counted(seen, COUNT_QUERY), _counted(seen, DECISIONS_QUERY)) == (1, 0)
        # The dashboard shows the count twice (header and news), and the
        # decisions: still one count query, plus one for the decisions.
        with _statements() as seen:
            admin.get("/dashboard/datasets")
        assert (_counted(seen, COUNT_QUERY), _counted(seen, DECISIONS_QUERY)) == (1, 1)


class TestDashboard:
    def test_admins_see_the_pending_requests_of_each_organisation(self, app, people):
        _ask(people["requester"], special_entry(owner_org=people["first"]["id"]))
        for _ in range(2):
            _ask(people["requester"], special_entry(owner_org=people["second"]["id"]))
        html = Browser(app, people["admin"]).get("/dashboard/datasets").get_data(as_text=True)
        assert "Yêu cầu khai thác chờ quyết định: 3" in html
        assert 'data-organization="so-tai-nguyen" data-count="1"' in html
        assert 'data-organization="so-xay-dung" data-count="2"' in html
        assert 'href="/organization/so-xay-dung/access-requests"' in html
        # The requester has nothing to decide.
        html = Browser(app, people["requester"]).get("/dashboard/datasets").get_data(as_text=True)
        assert "thainguyen-pending-access" not in html

    def test_requesters_see_the_decisions_on_their_requests(self, app, people):
        entry = special_entry(owner_org=people["first"]["id"], title="CSDL hồ sơ địa chính")
        with freeze_time("2026-03-01 08:00:00"):
            rejected = _ask(people["requester"], entry)
            _call("thainguyen_access_request_reject", people["admin"], id=rejected["id"],
                  reason="Thiếu căn cứ pháp lý")
        with freeze_time("2026-03-05 08:00:00"):
            approved = _ask(people["requester"], entry)
            _call("thainguyen_access_request_approve", people["admin"], id=approved["id"],
                  expires="2099-12-31")
            pending = _ask(people["requester"], special_entry(owner_org=people["second"]["id"]))

            requester = Browser(app, people["requester"])
            for page in ("/dashboard/datasets", "/dashboard/access-requests"):
                html = requester.get(page).get_data(as_text=True)
                assert "Quyết định về yêu cầu khai thác của bạn" in html
                assert f'data-request-id="{approved["id"]}" data-status="approved"' in html
                assert f'data-request-id="{rejected["id"]}" data-status="rejected"' in html
                assert "CSDL hồ sơ địa chính" in html
            # Newest first; a pending request is no news.
            news = html[html.index("thainguyen-access-decisions"):
                        html.index("Tất cả yêu cầu khai thác của tôi")]
            assert news.index(approved["id"]) < news.index(rejected["id"])
            assert pending["id"] not in news
            other = Browser(app, people["other"]).get("/dashboard/datasets").get_data(as_text=True)
            assert "thainguyen-access-decisions" not in other

        # Older than ckanext.thainguyen.access.news_days (30): no longer news.
        with freeze_time("2026-04-02 08:00:00"):
            html = Browser(app, people["requester"]).get("/dashboard/datasets").get_data(as_text=True)
            assert approved["id"] in html and rejected["id"] not in html
