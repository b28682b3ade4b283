"""pytest plugin: CKAN's own test suites run on a configured site.

Used by scripts/core-suites.sh (``-p tests.ckan_suites.loader``) for both
runs, stock (stock.ini) and ours (ours.ini), so that the two differ only in
the ini's ``ckan.plugins``.

CKAN's own pytest plugin (ckan/tests/pytest_ckan) unloads every plugin but
the system ones before the first test; a test gets plugins only through the
``with_plugins`` fixture (its ``ckan_config("ckan.plugins", ...)`` mark, or
the ini's list) and loses them when it ends, while the ``app`` fixture
loads whatever ``ckan.plugins`` says at that moment. A site runs with its
plugins all the time, so here:

- every test runs with the site's plugins (the ini's ``ckan.plugins``)
  loaded before any of its fixtures, and ``ckan.plugins`` says so (which
  ``app`` then loads again);
- a test that names plugins of its own (``ckan_config("ckan.plugins", X)``)
  gets those of X the site lacks, then the site's: it tests X on that site
  (``activity`` or ``datastore`` then come first, as in the README's
  ``ckan.plugins``, and the extension's plugin after scheming_datasets);
- ``with_plugins`` neither loads nor unloads: the plugins are loaded, on
  this test's configuration, before it runs;
- every database reset (``reset_db``, behind ``clean_db`` and
  ``non_clean_db``) is followed by the migrations of the loaded plugins
  that have any (thainguyen in the ours run, activity in its suite): CKAN's
  first reset of a session drops every table, plugins' tables included;
  and autovacuum is off on the tables, so rows keep insertion order
  (``_NO_AUTOVACUUM``);
- the session starts from an empty database and an empty Solr core, so
  neither run sees what the other left;
- a test rerun after a failure (``--reruns 1``) is marked in the junit XML;
- with ``--catalogue-entries`` (catalogue.ini's site, whose type
  "dataset" is the extension's catalogue schema), CKAN's ``Dataset`` factory
  supplies the fields that schema requires and the test left out: a unique
  catalogue code, and the sharing mode that gives the visibility the test
  asked for (``private`` is derived from the mode): private, the default
  mode shared with the dataset's own organisation (its members, as in stock
  CKAN); public, open data under an open licence;
- ``tests.plugins.ckantestplugins``, where CKAN's entry points look for its
  test plugins (``test_package_controller_plugin``...), is
  ``ckan.tests.plugins.ckantestplugins``: the name ``tests`` is this
  project's test package here.
"""
from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import pytest
import sqlalchemy as sa

import ckan.plugins as p
import ckan.tests.factories as factories
import ckan.tests.helpers as test_helpers
from ckan import model
from ckan.cli.db import _resolve_alembic_config, _run_migrations
from ckan.lib import search
from ckan.plugins import core as plugins_core
from ckan.plugins.toolkit import aslist
from ckan.tests.pytest_ckan import ckan_setup
from ckanext.thainguyen.catalogue import rules

_site_plugins: list[str] = []
_ini_plugins_value: Any = None
_ckan_reset_db = test_helpers.reset_db


def plugins_for(test_value: Any) -> list[str]:
    """Those a test names that the site lacks, then the site's plugins."""
    extra = [name for name in aslist(test_value) if name not in _site_plugins]
    return list(dict.fromkeys(extra)) + _site_plugins


def _loaded() -> list[str]:
    # CKAN 2.11's system plugin (synchronous_search) stays loaded; 2.12 has none.
    system = set(getattr(plugins_core, "find_system_plugins", list)())
    return [name for name in plugins_core._PLUGINS if name not in system]


def _applied(plugin: str) -> str | None:
    try:
        with model.meta.engine.connect() as conn:
            return conn.execute(sa.text(f"SELECT version_num FROM {plugin}_alembic_version")).scalar()
    except sa.exc.ProgrammingError:
        return None


_heads: dict[str, str | None] = {}


def _head(plugin: str) -> str | None:
    """The plugin's latest migration, None when it has none."""
    if plugin not in _heads:
        ini = _resolve_alembic_config(plugin)
        if not os.path.exists(ini):
            _heads[plugin] = None
        else:
            from alembic.config import Config
            from alembic.script import ScriptDirectory
            alembic_config = Config(ini)
            alembic_config.set_main_option("script_location", os.path.dirname(ini))
            _heads[plugin] = ScriptDirectory.from_config(alembic_config).get_current_head()
    return _heads[plugin]


def migrate_loaded_plugins() -> None:
    for plugin in _loaded():
        head = _head(plugin)
        if head is not None and _applied(plugin) != head:
            _run_migrations(plugin)


# CKAN's reset empties the tables with DELETE. Once autovacuum has listed
# the freed space, new rows fill it, and a query without ORDER BY returns
# them out of insertion order: CKAN's own
# test_read_deleted_resource_as_it_used_to_be takes the last activity row
# as the latest and failed (404) in a long run, depending on when
# autovacuum ran. Without autovacuum on the test tables, new rows always go
# after the old ones, as in a fresh database.
_NO_AUTOVACUUM = sa.text("""
DO $$ DECLARE t regclass; BEGIN
  FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'r'
             AND NOT coalesce(c.reloptions @> ARRAY['autovacuum_enabled=false'], false) LOOP
    EXECUTE format('ALTER TABLE %s SET (autovacuum_enabled = false)', t);
  END LOOP;
END $$""")


def reset_db() -> None:
    """CKAN's reset, then the loaded plugins' migrations (as a site's operator ran them)."""
    _ckan_reset_db()
    migrate_loaded_plugins()
    with model.meta.engine.begin() as conn:
        conn.execute(_NO_AUTOVACUUM)


# CKAN's ``reset_db`` fixture returns ``ckan.tests.helpers.reset_db`` when it
# runs; ``clean_db``, ``non_clean_db``, ckanext-activity's and DataStore's
# ``clean_db`` all go through it.
test_helpers.reset_db = reset_db

# CKAN's entry points name its test plugins ``tests.plugins.ckantestplugins:...``.
_test_plugins = importlib.import_module("ckan.tests.plugins")
sys.modules.setdefault("tests.plugins", _test_plugins)
sys.modules.setdefault("tests.plugins.ckantestplugins",
                       importlib.import_module("ckan.tests.plugins.ckantestplugins"))


class CatalogueEntryFields:
    """What CKAN's ``Dataset`` factory adds on a site of catalogue entries."""

    def __init__(self) -> None:
        self.codes = 0
        self._prepare = factories.Dataset._api_prepare_args.__func__

    def install(self) -> None:
        fields = self

        @classmethod
        def prepare(cls, data_dict):
            return fields._prepare(cls, fields.supply(data_dict))

        factories.Dataset._api_prepare_args = prepare

    def supply(self, data_dict: dict[str, Any]) -> dict[str, Any]:
        if data_dict.get("type", "dataset") != "dataset":
            return data_dict
        if "catalogue_code" not in data_dict:
            self.codes += 1
            data_dict["catalogue_code"] = f"TN-CKAN-{self.codes:04d}"
        if "sharing_mode" not in data_dict:
            if p.toolkit.asbool(data_dict.get("private", False)):
                data_dict["sharing_mode"] = rules.DEFAULT
                data_dict.setdefault("shared_with", [data_dict.get("owner_org") or rules.SHARED_WITH_ALL])
            else:
                data_dict["sharing_mode"] = rules.OPEN
                data_dict.setdefault("license_id", "cc-by")
        return data_dict


class SiteFixtures:
    """Registered after CKAN's fixtures (pytest_configure), so that these win."""

    @staticmethod
    @pytest.fixture
    def with_plugins(ckan_config: Any, _site_plugins_loaded: list[str]):
        """CKAN's ``with_plugins`` without its load and unload:
        ``_site_plugins_loaded`` has loaded this test's plugins (those of a
        ``with_plugins`` mark too, CKAN 2.12), and the next test loads what
        it needs."""
        if _loaded() != _site_plugins_loaded:
            ckan_config["ckan.plugins"] = " ".join(_site_plugins_loaded)
            p.load_all()
        yield


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--catalogue-entries", action="store_true",
                     help="CKAN's Dataset factory supplies the catalogue schema's required fields")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("catalogue_entries"):
        CatalogueEntryFields().install()
    config.addinivalue_line(
        "markers", "ckan_config: patch configuration used by other fixtures via (key, value) pair.")
    config.pluginmanager.register(SiteFixtures(), "ckan_suites_fixtures")


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    # CKAN's pytest_sessionstart has read the ini and built the app, with the
    # ini's plugins loaded: start both runs from the same empty site.
    global _ini_plugins_value
    _ini_plugins_value = ckan_setup._config.get("ckan.plugins")
    _site_plugins[:] = aslist(_ini_plugins_value)
    reset_db()
    search.clear_all()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # junit XML names a test by class and name only: keep its pytest id too.
    for item in items:
        item.user_properties.append(("nodeid", item.nodeid))


def _marked_plugins(request: pytest.FixtureRequest) -> list[str]:
    """Plugins of CKAN 2.12's ``with_plugins`` marks (names, or {name: class})."""
    names = []
    for mark in request.node.iter_markers("with_plugins"):
        for plugin in mark.args:
            if isinstance(plugin, dict):
                provide = request.getfixturevalue("provide_plugin")
                for name, impl in plugin.items():
                    provide(name, impl)
                    names.append(name)
            else:
                names.append(plugin)
    return names


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # pytest-rerunfailures (--reruns in pytest-core-suites.ini) reruns a
    # failed test once; junit XML keeps the last attempt only: say so.
    if call.when == "teardown" and getattr(item, "execution_count", 1) > 1:
        item.user_properties.append(("reruns", str(item.execution_count - 1)))
    yield


@pytest.fixture(autouse=True)
def _site_plugins_loaded(request: pytest.FixtureRequest, ckan_config: Any):
    """Load the site's plugins (and the test's own) before the test's fixtures.

    Requesting ``ckan_config`` first applies the test's ``ckan_config``
    marks, so ``ckan.plugins`` here is what CKAN would give the test. The
    plugins are loaded again (their ``update_config`` run on this test's
    configuration) where CKAN would load them, for a test using
    ``with_plugins``, and whenever the test needs plugins the site lacks;
    otherwise, as for CKAN's tests without ``with_plugins``, the plugins stay
    as the previous test left them: the site's. Gives the plugins loaded.
    """
    value = ckan_config.get("ckan.plugins")
    marked = _marked_plugins(request)
    if value == _ini_plugins_value and not marked:
        wanted = list(_site_plugins)
    else:
        wanted = plugins_for(aslist(value) + marked)
    ckan_config["ckan.plugins"] = " ".join(wanted)
    if _loaded() != wanted or wanted != _site_plugins or "with_plugins" in request.fixturenames:
        p.load_all()
    assert _loaded() == wanted, f"plugins {_loaded()} loaded instead of {wanted}"
    yield wanted
