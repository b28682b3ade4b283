"""CKAN 2.11's CSRF rule on CKAN 2.12 too: a request's exemption ends with it.

CKAN 2.12.0 lets a request identified by an API token, or an anonymous one,
skip the CSRF check by calling ``csrf.exempt("<module>.<view>")``. Flask-WTF
keeps that exemption in a set on CKAN's single, process-wide
``CSRFProtect``, so from the first anonymous visit to a page on, its view
(for every dataset type: they share CKAN's view functions) is exempt for
every signed-in user until the process restarts. CKAN 2.11 exempted only the
request itself.

``install`` runs once CKAN has built its Flask app: it keeps the exemptions
made so far, the deliberate ones (``ckan.csrf_protection.ignore_extensions``
on 2.11, ``csrf.exempt`` calls of CKAN or plugins), and adds an app-wide
``before_request``. Flask runs app-wide ``before_request`` functions in the
order they were registered, so ours runs after CKAN's (which identifies the
user) and Flask-WTF's own check. It checks the token of requests CKAN
identified by the session cookie unless their view was exempt at start-up.
Requests CKAN marks ``login_via_auth_header`` (API token or anonymous) stay
exempt, as CKAN intends: they carry no session another site could ride on.
"""
from __future__ import annotations

from typing import Any

import flask
from flask import current_app, g, request

import ckan.plugins.toolkit as tk

_STARTUP_EXEMPTIONS = "thainguyen_csrf_startup_exemptions"

# Views CKAN exempted for a single request. The CSRFProtect outlives any one
# Flask app (tests build one per test), so a later app must not take these
# for deliberate start-up exemptions.
_request_time_exemptions: set[str] = set()


def install(app: Any) -> None:
    """Check CSRF on ``app`` as CKAN 2.11 did; ``app`` is CKAN's Flask app."""
    if not isinstance(app, flask.Flask):
        raise RuntimeError(
            "ckanext-thainguyen needs CKAN's Flask app in make_middleware: "
            "list the thainguyen plugin before plugins whose IMiddleware wraps the app")
    csrf = app.extensions["csrf"]
    app.extensions[_STARTUP_EXEMPTIONS] = (
        frozenset(csrf._exempt_views - _request_time_exemptions),
        # Never our own blueprints, even when CKAN 2.11's default
        # ignore_extensions exempted them: all our forms carry the token.
        frozenset(b for b in csrf._exempt_blueprints
                  if not b.import_name.startswith("ckanext.thainguyen")),
    )
    app.before_request(thainguyen_check_csrf)


def thainguyen_check_csrf() -> None:
    """Check the token of a session-cookie request unless its view was exempt at start-up."""
    if not request.endpoint:
        return
    view = current_app.view_functions.get(request.endpoint)
    if view is None:
        return
    dest = f"{view.__module__}.{view.__name__}"
    csrf = current_app.extensions["csrf"]
    views, blueprints = current_app.extensions[_STARTUP_EXEMPTIONS]
    # Loading the user (done by CKAN's before_request) sets this marker.
    if g.get("login_via_auth_header"):
        if dest in csrf._exempt_views and dest not in views:
            _request_time_exemptions.add(dest)
        return
    config = current_app.config
    if not (config.get("WTF_CSRF_ENABLED", True) and config.get("WTF_CSRF_CHECK_DEFAULT", True)):
        return
    if not tk.current_user.is_authenticated or g.get("csrf_valid"):
        return
    if dest in views or current_app.blueprints.get(request.blueprint) in blueprints:
        return
    # Raises CSRFError (400) on a missing or bad token; ignores GET and HEAD.
    csrf.protect()
