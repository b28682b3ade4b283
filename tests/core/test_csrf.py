"""CSRF checks of CKAN's own forms for our records, through the real Flask app.

CKAN 2.12.0 exempts a view from the CSRF check for the whole process once an
anonymous visitor reaches it (csrf_guard.py explains). Each test makes that
anonymous visit first, then posts as a signed-in user with a session cookie.
"""
from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from freezegun import freeze_time

from ckan.tests import factories, helpers

from tests.browser import Browser
from tests.catalogue.factories import special_entry
from tests.science.factories import create_project, department_org
from tests.contest.factories import SUBMISSIONS_OPEN, contest_org, make_edition, make_entry

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


class _FormFields(HTMLParser):
    """The fields a browser would submit from the form with ``form_id``."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select: str | None = None
        self._textarea: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Any]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or not a.get("name") and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value") or ""))
        elif tag == "textarea":
            self.fields.append((a["name"], ""))
            self._textarea = []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields[-1] = (self.fields[-1][0], "".join(self._textarea).strip("\n"))
            self._textarea = None


def _edit_form(browser: Browser, url: str, **changes: str) -> list[tuple[str, str]]:
    page = browser.get(url)
    assert page.status_code == 200
    parser = _FormFields("dataset-edit")
    parser.feed(page.get_data(as_text=True))
    assert parser.fields, "no dataset-edit form"
    # scheming's blank row for repeating subfields is a template its JS fills
    fields = [(k, v) for k, v in parser.fields
              if k not in changes and "REPEATING-INDEX" not in k]
    return fields + list(changes.items()) + [("save", "")]


def _without_token(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for key, value in fields:
        if key != "_csrf_token":
            data.setdefault(key, []).append(value)
    return data


def _show(name: str) -> dict[str, Any]:
    return helpers.call_action("package_show", context={"ignore_auth": True}, id=name)


@pytest.fixture
def sysadmin():
    return factories.Sysadmin()


def test_catalogue_edit_form_needs_a_token_after_an_anonymous_visit(app, sysadmin):
    entry = special_entry(title="CSDL hồ sơ địa chính")
    url = f"/dataset/edit/{entry['name']}"
    browser = Browser(app, sysadmin)
    form = _edit_form(browser, url, sharing_mode="open", license_id="cc-by")
    Browser(app).get(url)  # anonymous: CKAN 2.12 exempts the view from here on

    refused = browser.client.post(url, data=_without_token(form), follow_redirects=False)
    assert refused.status_code == 400
    assert _show(entry["name"])["sharing_mode"] == "special"

    saved = browser.client.post(url, data=_without_token(form) | {
        "_csrf_token": dict(form)["_csrf_token"]}, follow_redirects=False)
    assert saved.status_code == 302
    assert _show(entry["name"])["sharing_mode"] == "open"


def _science_project() -> dict[str, Any]:
    return create_project(department_org()["id"])


def _contest_entry() -> dict[str, Any]:
    with freeze_time(SUBMISSIONS_OPEN):
        contest_org()
        return make_entry(factories.User(), make_edition())


@pytest.mark.parametrize("make_record", [_science_project, _contest_entry])
def test_science_and_contest_record_edit_forms_need_a_token(app, sysadmin, make_record):
    record = make_record()
    url = f"/{record['type']}/edit/{record['name']}"
    browser = Browser(app, sysadmin)
    form = _edit_form(browser, url, title="Bản ghi đã bị sửa")
    # Every dataset type shares CKAN's edit view: visiting the catalogue's
    # edit page anonymously exempts these forms as well.
    Browser(app).get(f"/dataset/edit/{special_entry()['name']}")

    refused = browser.client.post(url, data=_without_token(form), follow_redirects=False)
    assert refused.status_code == 400
    assert _show(record["name"])["title"] == record["title"]

    saved = browser.client.post(url, data=_without_token(form) | {
        "_csrf_token": dict(form)["_csrf_token"]}, follow_redirects=False)
    assert saved.status_code == 302
    assert _show(record["name"])["title"] == "Bản ghi đã bị sửa"


def test_user_edit_form_needs_a_token_after_an_anonymous_visit(app):
    user = factories.User(fullname="Nguyễn Văn An")
    url = f"/user/edit/{user['name']}"
    browser = Browser(app, user)
    Browser(app).get(url)
    refused = browser.client.post(url, data={"fullname": "Kẻ giả mạo", "email": user["email"],
                                             "name": user["name"], "save": ""})
    assert refused.status_code == 400
    assert helpers.call_action("user_show", id=user["id"])["fullname"] == "Nguyễn Văn An"


def test_api_posts_with_the_session_cookie_need_a_token(app, sysadmin):
    # Every action shares one API view, so one anonymous API call would
    # exempt them all on CKAN 2.12.
    entry = special_entry()
    url = "/api/3/action/package_patch"
    app.post(url, json={"id": entry["id"], "notes": "ẩn danh"})
    refused = Browser(app, sysadmin).client.post(url, data={"id": entry["id"], "sharing_mode": "open"})
    assert refused.status_code == 400
    assert _show(entry["name"])["sharing_mode"] == "special"


def test_api_token_requests_stay_exempt(app, sysadmin):
    entry = special_entry()
    token = factories.APIToken(user=sysadmin["name"])["token"]
    url = "/api/3/action/package_patch"
    app.post(url, json={"id": entry["id"], "notes": "ẩn danh"})  # anonymous first
    response = app.post(url, json={"id": entry["id"], "notes": "Cập nhật qua API"},
                        headers={"Authorization": token})
    assert response.status_code == 200
    assert _show(entry["name"])["notes"] == "Cập nhật qua API"


@pytest.mark.ckan_config("WTF_CSRF_ENABLED", False)
def test_disabled_csrf_protection_is_respected(app, sysadmin):
    entry = special_entry()
    url = f"/dataset/edit/{entry['name']}"
    browser = Browser(app, sysadmin)
    form = _edit_form(browser, url, title="Không cần mã CSRF")
    Browser(app).get(url)
    saved = browser.client.post(url, data=_without_token(form), follow_redirects=False)
    assert saved.status_code == 302
    assert _show(entry["name"])["title"] == "Không cần mã CSRF"
