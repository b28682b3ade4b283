"""A signed-in visitor of the real Flask app, for view tests.

It signs in through CKAN's own login form, so requests carry a session cookie
as a person's browser does, and the CSRF token of each form is bound to that
session. (CKAN 2.12 dropped REMOTE_USER sign-in; API-token requests are
exempt from CSRF checks, so they cannot test forms.)
"""
from __future__ import annotations

import re
from typing import Any, Optional

from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from ckan import model

# ckan.tests.factories.User gives each user a random password it does not
# return, so the browser sets this one before signing in.
PASSWORD = "Thai-Nguyen-2025"

_CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')


class Browser:
    def __init__(self, app: Any, user: Optional[dict[str, Any]] = None):
        self.client = app.test_client()
        if user:
            self._sign_in(user["name"])

    def _sign_in(self, name: str) -> None:
        user_obj = model.User.get(name)
        user_obj.password = PASSWORD
        model.repo.commit()
        response = self.post("/user/login", {"login": name, "password": PASSWORD},
                             csrf_from="/user/login")
        assert response.status_code == 302, f"sign-in of {name} failed ({response.status_code})"
        dashboard = self.get("/dashboard/datasets")
        assert dashboard.status_code == 200, f"{name} is not signed in"

    def get(self, url: str, **kwargs: Any):
        return self.client.get(url, follow_redirects=False, **kwargs)

    def post(self, url: str, data: dict[str, Any], csrf_from: Optional[str] = None):
        data = dict(data)
        if csrf_from:
            page = self.get(csrf_from).get_data(as_text=True)
            match = _CSRF_FIELD.search(page)
            assert match, "the page has no CSRF field"
            data["_csrf_token"] = match.group(1)
        return self.client.post(url, data=data, follow_redirects=False)

    def form_fields(self, url: str, form_id: str) -> list[tuple[str, str]]:
        """(name, value) of each field of the form ``form_id`` on ``url``, as a
        browser sends the form untouched (its CSRF token included)."""
        page = self.get(url)
        assert page.status_code == 200, f"{url}: {page.status_code}"
        form = BeautifulSoup(page.get_data(as_text=True), "html.parser").find("form", id=form_id)
        assert form is not None, f"{url} has no form {form_id}"
        fields: list[tuple[str, str]] = []
        for node in form.find_all(["input", "textarea", "select"]):
            name = node.get("name")
            if not name or node.has_attr("disabled"):
                continue
            if node.name == "textarea":
                # html.parser keeps the newline browsers drop after <textarea>.
                fields.append((name, node.get_text().removeprefix("\n")))
            elif node.name == "select":
                options = node.find_all("option")
                chosen = [o for o in options if o.has_attr("selected")]
                if not chosen and options and not node.has_attr("multiple"):
                    chosen = options[:1]
                fields.extend((name, o.get("value", o.get_text())) for o in chosen)
            elif node.get("type") in ("checkbox", "radio"):
                if node.has_attr("checked"):
                    fields.append((name, node.get("value", "on")))
            elif node.get("type") not in ("submit", "button", "file", "image", "reset"):
                fields.append((name, node.get("value", "")))
        return fields

    def submit(self, url: str, fields: list[tuple[str, str]]):
        """POST ``fields`` (names may repeat, as a form's multiple values do)."""
        return self.client.post(url, data=MultiDict(fields), follow_redirects=False)
