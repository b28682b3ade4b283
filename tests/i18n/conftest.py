"""Fixtures of the language tests (builders: ``journeys``, detector: ``visible``)."""
from __future__ import annotations

import pytest

import ckan.plugins as p

from tests.browser import Browser
from tests.i18n import journeys


@pytest.fixture(scope="module")
def journey_world(reset_db, migrate_db_for, reset_index):
    """The pages' records (``journeys.build``), built once for the module
    with test.ini's plugins (CKAN's pytest plugin loads them per test only)."""
    p.load_all()
    return journeys.build(reset_db, migrate_db_for, reset_index)


@pytest.fixture
def visitor(app, journey_world):
    """visitor(role) -> a client signed in as that role (anonymous: not signed in)."""
    def make(role: str):
        user = journey_world.users[role]
        return Browser(app, user) if user else Browser(app)
    return make
