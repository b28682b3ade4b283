"""The CSRF check of the extension's own pages, whatever CKAN exempted before.

CKAN 2.12 lets a request identified by an API token, or an anonymous one,
skip the CSRF check by calling ``csrf.exempt(view)``. Flask-WTF keeps that
exemption in a set on CKAN's single, process-wide ``CSRFProtect``, so from
the first anonymous visit to a page on, its view is exempt for every
signed-in user until the process restarts. (CKAN 2.11 exempted only the
request itself.) Each of our blueprints therefore checks the token again on
requests that CKAN identified by the session cookie. Requests CKAN marks as
identified by the ``Authorization`` header stay exempt, as CKAN intends:
they carry no cookie another site could replay.
"""
from __future__ import annotations

from flask import Blueprint, current_app, g

import ckan.plugins.toolkit as tk


def protect(blueprint: Blueprint) -> None:
    """Check the CSRF token on every unsafe request to ``blueprint``'s views."""
    blueprint.before_request(thainguyen_check_csrf)


def thainguyen_check_csrf() -> None:
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    # Loading the user is what sets CKAN's ``login_via_auth_header`` marker.
    if not tk.current_user.is_authenticated or g.get("login_via_auth_header"):
        return
    if g.get("csrf_valid"):  # CKAN's own check already passed
        return
    # Raises CSRFError (400) on a missing or bad token; ignores GET and HEAD.
    current_app.extensions["csrf"].protect()
