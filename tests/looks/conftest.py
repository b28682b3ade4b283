"""Fixtures of the looks tests: the journeys' province (``tests.i18n.journeys``)."""
from __future__ import annotations

import pytest

import ckan.plugins as p

from tests.i18n import journeys


@pytest.fixture(scope="module")
def journey_world(reset_db, migrate_db_for, reset_index):
    """Built once for the module with test.ini's plugins."""
    p.load_all()
    return journeys.build(reset_db, migrate_db_for, reset_index)
