"""Self-registration as the demo configures it (README, "Accounts").

demo.ini's ``ckan.auth.*`` options are applied to the test site: a citizen
registers through the real form and gets what the README promises, and no
more (a member of any organisation counts as agency staff).
"""
from __future__ import annotations

import configparser
import os

import pytest

from ckan import model
from ckan.plugins import toolkit as tk

from tests.browser import PASSWORD, Browser

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _demo_auth_options() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(os.path.join(ROOT, "demo.ini"), encoding="utf-8")
    return {k: v for k, v in parser["app:main"].items() if k.startswith("ckan.auth.")}


@pytest.fixture
def demo_accounts(ckan_config, monkeypatch):
    options = _demo_auth_options()
    assert options["ckan.auth.create_user_via_web"] == "true"
    for key, value in options.items():
        monkeypatch.setitem(ckan_config, key, tk.asbool(value))


def _register(app, name):
    browser = Browser(app)
    assert browser.get("/user/register").status_code == 200
    response = browser.post("/user/register", {
        "name": name, "fullname": "Nguyễn Văn Dân", "email": f"{name}@example.org",
        "password1": PASSWORD, "password2": PASSWORD, "save": "",
    }, csrf_from="/user/register")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return browser


def _allowed(action, user, data_dict=None):
    try:
        tk.check_access(action, {"user": user, "model": model}, data_dict or {})
    except tk.NotAuthorized:
        return False
    return True


@pytest.mark.usefixtures("demo_accounts")
def test_a_citizen_registers_and_may_enter_the_contest_and_ask_for_access(app):
    browser = _register(app, "cong-dan-1")
    assert model.User.by_name("cong-dan-1") is not None
    assert browser.get("/dashboard/datasets").status_code == 200
    assert _allowed("thainguyen_entry_create", "cong-dan-1")
    assert _allowed("thainguyen_access_request_create", "cong-dan-1")


@pytest.mark.usefixtures("demo_accounts")
def test_a_registered_citizen_cannot_make_an_organisation_or_group(app):
    browser = _register(app, "cong-dan-2")
    assert not _allowed("organization_create", "cong-dan-2")
    assert not _allowed("group_create", "cong-dan-2")
    assert browser.get("/organization/new").status_code == 403


@pytest.mark.ckan_config("ckan.auth.create_user_via_web", False)
def test_without_self_registration_the_form_is_refused(app):
    assert Browser(app).get("/user/register").status_code == 403
