"""Shared fixtures: every test runs on the real stack from test.ini."""
from __future__ import annotations

import functools
import os

import pytest
import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory

import ckan.plugins as p
from ckan import model
from ckan.cli.db import _resolve_alembic_config

# ckanext-activity adds columns to the core activity table; ours adds tables.
MIGRATED_PLUGINS = ("activity", "thainguyen", "thainguyen_contest", "thainguyen_science")


@functools.lru_cache(maxsize=None)
def _head(plugin: str) -> str:
    ini = _resolve_alembic_config(plugin)
    config = Config(ini)
    config.set_main_option("script_location", os.path.dirname(ini))
    return ScriptDirectory.from_config(config).get_current_head()


def _applied(plugin: str) -> str | None:
    # A plain query is ~100x cheaper than asking alembic on every test.
    try:
        with model.meta.engine.connect() as conn:
            return conn.execute(sa.text(f"SELECT version_num FROM {plugin}_alembic_version")).scalar()
    except sa.exc.ProgrammingError:
        return None


@pytest.fixture
def clean_db(reset_db, migrate_db_for, with_plugins):
    """CKAN's clean_db, plus the migrations of the plugins with tables.

    The first reset of a session drops every table (plugin alembic version
    tables included); later resets only empty the tables, so migrating is
    needed only when a version table is missing or behind.
    """
    reset_db()
    # A test may load only some of the plugins: CKAN finds the migrations of
    # loaded plugins only.
    for plugin in (name for name in MIGRATED_PLUGINS if name == "activity" or p.plugin_loaded(name)):
        if _applied(plugin) != _head(plugin):
            migrate_db_for(plugin)
