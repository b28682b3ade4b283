"""Fixtures shared by the innovation-contest tests (builders: ``factories``)."""
from __future__ import annotations

import pytest
from freezegun import freeze_time

from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests.contest import factories


@pytest.fixture
def history_world():
    """``factories.history_world()``: (edition, {"winner", "quitter"}, users by role)."""
    return factories.history_world()


@pytest.fixture
def world():
    """(edition, a submitted entry, users by role): entrant, other, judge,
    organiser, and anonymous (None)."""
    with freeze_time(factories.SUBMISSIONS_OPEN):
        factories.contest_org()
        edition = factories.make_edition()
        users = {name: ckan_factories.User() for name in ("entrant", "other", "judge", "organiser")}
        factories.assign("judge", edition, users["judge"])
        factories.assign("organiser", edition, users["organiser"])
        entry = factories.make_entry(users["entrant"], edition)
        helpers.call_action("thainguyen_entry_submit", factories.as_user(users["entrant"]),
                            id=entry["id"])
    users["anonymous"] = None
    return edition, entry, users
