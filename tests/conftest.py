"""Shared fixtures: every test runs on the real stack from test.ini."""
from __future__ import annotations

import copy
import functools
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any

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


def _read_once(read: Any, key: Any) -> Any:
    """``read`` answering each input once: a deep copy of the first answer
    for every later one (callers may change what they get)."""
    answers: dict[Any, Any] = {}

    @functools.wraps(read)
    def cached(source: Any, *args: Any, **kwargs: Any) -> Any:
        found = key(source)
        if found is None or args or kwargs:
            return read(source, *args, **kwargs)
        if found not in answers:
            answers[found] = read(source)
        return copy.deepcopy(answers[found])
    return cached


def _yaml_source_key(source: Any) -> Any:
    if isinstance(source, (str, bytes)):
        return source
    name = getattr(source, "name", None)
    if isinstance(name, str) and os.path.isfile(name) and source.tell() == 0:
        stat = os.stat(name)
        return (name, stat.st_mtime_ns, stat.st_size)
    return None


def pytest_configure(config):
    """Every test loads the plugins, and makes an app, on a fresh configuration:
    CKAN then finds each plugin among every installed package's entry points
    (twice per plugin and test, 40 ms each with ckanext-dcat's dependencies)
    and parses the same YAML files again (its config declarations,
    ckanext-scheming's schemas): most of a test's time. Nothing installed and
    none of those files changes while the suite runs, so each lookup and each
    file is read once (before any plugin module is imported, so that the
    declarations' loaders bound at import are these)."""
    import msgspec.yaml
    import yaml

    import ckan.plugins.core as plugins_core

    plugins_core.entry_points = functools.lru_cache(maxsize=None)(plugins_core.entry_points)
    yaml.safe_load = _read_once(yaml.safe_load, _yaml_source_key)
    msgspec.yaml.decode = _read_once(msgspec.yaml.decode, lambda source: source if isinstance(source, bytes) else None)


@pytest.fixture
def migrate_loaded(migrate_db_for):
    """migrate(): the migrations of the loaded plugins with tables, where
    their version table is missing or behind (``ckan db upgrade -p ...``)."""
    def migrate() -> None:
        # A test may load only some of the plugins: CKAN finds the migrations
        # of loaded plugins only.
        for plugin in (name for name in MIGRATED_PLUGINS if name == "activity" or p.plugin_loaded(name)):
            if _applied(plugin) != _head(plugin):
                migrate_db_for(plugin)
    return migrate


@pytest.fixture
def clean_db(reset_db, migrate_loaded, with_plugins):
    """CKAN's clean_db, plus the migrations of the plugins with tables.

    The first reset of a session drops every table (plugin alembic version
    tables included); later resets only empty the tables, so migrating is
    needed only when a version table is missing or behind.
    """
    reset_db()
    migrate_loaded()


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRODUCTION_WORKERS = 3


def _http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except urllib.error.URLError:
        return 0


@pytest.fixture
def production_server(tmp_path):
    """(url, log path, workers): gunicorn on the entry point operators use
    (``ckanext.thainguyen.wsgi``), several worker processes on test.ini and
    this run's services, as the demo serves; stopped, workers too, at the end.
    Each worker is a process of its own, with its own SQLAlchemy engine."""
    log = tmp_path / "gunicorn.log"
    env = dict(os.environ, CKAN_INI=os.path.join(ROOT, "test.ini"))
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "ckanext.thainguyen.wsgi:application",
             "--bind", "127.0.0.1:0", "--workers", str(PRODUCTION_WORKERS),
             "--no-control-socket", "--error-logfile", "-"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while not (port := re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())):
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        url = f"http://127.0.0.1:{port.group(1)}"
        # A gunicorn worker accepts requests only once it has built the app.
        while len(re.findall(r"Booting worker with pid", log.read_text())) < PRODUCTION_WORKERS \
                or _http_status(f"{url}/api/3/action/status_show") != 200:
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        yield url, log, PRODUCTION_WORKERS
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture
def post_json():
    """post(url, API token, body) -> (HTTP status, JSON answer), as an API client sends it."""
    def post(url: str, token: str, body: dict) -> tuple[int, dict]:
        request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
            "Authorization": token, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)
    return post
