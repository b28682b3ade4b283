"""Shared fixtures: every test runs on the real stack from test.ini."""
from __future__ import annotations

import pytest


@pytest.fixture
def clean_db(reset_db, migrate_db_for, with_plugins):
    """CKAN's clean_db, plus the extension's own tables.

    The first reset of a session drops every table (ours and our alembic
    version table included), so the migrations are applied again here.
    """
    reset_db()
    migrate_db_for("thainguyen")
