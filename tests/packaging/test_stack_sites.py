"""The demo and each CKAN release's tests have databases and Solr cores of their own.

Read the way the scripts run them, doing nothing to the services:
``scripts/stack.sh plan`` (what ``up`` would create or refresh) for the sites
that scripts/test.sh and scripts/demo.sh bring up, ``scripts/stack.sh env
test`` (what pytest is pointed at), and the ini file ``scripts/demo.sh
config`` writes.
"""
from __future__ import annotations

import configparser
import itertools
import os
import re
import subprocess

import pytest
import sqlalchemy as sa

from ckan.plugins import toolkit as tk

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The caller's own services would make `plan` print nothing and `env` repeat them.
SERVICE_VARIABLES = ("CKAN_SQLALCHEMY_URL", "CKAN_DATASTORE_WRITE_URL", "CKAN_DATASTORE_READ_URL",
                     "CKAN_SOLR_URL", "CKAN_REDIS_URL", "CKAN_STORAGE_PATH", "PG_DATABASES", "SOLR_CORES")


def _read(name):
    with open(os.path.join(ROOT, name), encoding="utf-8") as f:
        return f.read()


def _releases() -> list[str]:
    match = re.search(r"versions=\$\{CKAN_VERSIONS:-([^}]+)\}", _read("scripts/test.sh"))
    assert match, "scripts/test.sh names no default releases"
    return match.group(1).split()


RELEASES = _releases()


def _sites_brought_up(script: str) -> list[str]:
    # Every site when none is named.
    sites = re.findall(r"scripts/stack\.sh up((?: [a-z.\-]+)*)$", _read(script), flags=re.M)
    assert len(sites) == 1, f"{script} should run `scripts/stack.sh up` once"
    return sites[0].split()


def _run(args: list[str], release: str, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    environ.update(CKAN_VERSION=release, **env)
    proc = subprocess.run(args, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _plan(release: str, *sites: str, **env: str) -> set[str]:
    out = _run(["bash", "scripts/stack.sh", "plan", *sites], release, **env)
    return {line.split()[1] for line in out.splitlines()}


def _names(urls: list[str]) -> set[str]:
    """Database names of PostgreSQL URLs, core names of Solr URLs."""
    return {url.rstrip("/").rsplit("/", 1)[1] for url in urls}


def _redis_url(release: str, site: str) -> str:
    out = _run(["bash", "scripts/stack.sh", "env", site], release)
    return re.search(r"^CKAN_REDIS_URL=(.+)$", out, flags=re.M).group(1)


def _test_run(release: str) -> set[str]:
    return _plan(release, *_sites_brought_up("scripts/test.sh"))


def _demo(release: str) -> set[str]:
    return _plan(release, *_sites_brought_up("scripts/demo.sh"))


def test_both_releases_are_checked():
    assert len(RELEASES) >= 2
    assert all(_test_run(release) and _demo(release) for release in RELEASES)


@pytest.mark.parametrize("test_release,demo_release", itertools.product(RELEASES, repeat=2))
def test_a_test_run_never_touches_the_demo(test_release, demo_release):
    assert not _test_run(test_release) & _demo(demo_release)


@pytest.mark.parametrize("first,second", itertools.combinations(RELEASES, 2))
def test_releases_have_sites_of_their_own(first, second):
    # A test run on one release can run beside the other's, and a demo on
    # one survives a test run or a demo on the other.
    assert not _test_run(first) & _test_run(second)
    assert not _demo(first) & _demo(second)
    # CKAN's clean_redis empties the whole Redis database.
    assert _redis_url(first, "test") != _redis_url(second, "test")


@pytest.mark.parametrize("release", RELEASES)
def test_pytest_is_pointed_at_what_the_test_run_brings_up(release):
    variables = dict(line.split("=", 1) for line in _run(
        ["bash", "scripts/stack.sh", "env", "test"], release).splitlines())
    redis = variables.pop("CKAN_REDIS_URL")
    # Uploads too: the two releases' runs go side by side.
    storage = variables.pop("CKAN_STORAGE_PATH")
    assert storage.endswith(release.replace(".", "_"))
    assert set(variables) == {"CKAN_SQLALCHEMY_URL", "CKAN_DATASTORE_WRITE_URL",
                              "CKAN_DATASTORE_READ_URL", "CKAN_SOLR_URL"}
    assert _names(list(variables.values())) <= _test_run(release)
    assert redis not in {_redis_url(other, "demo") for other in RELEASES}
    assert 'env "${site[@]}"' in _read("scripts/test.sh")


@pytest.mark.parametrize("release", RELEASES)
def test_the_demo_ini_names_its_release_site(release, tmp_path):
    out = _run(["bash", "scripts/demo.sh", "config"], release,
               STACK_DIR=str(tmp_path), DEMO_PORT="5099")
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(out.strip(), encoding="utf-8")
    ini = parser["app:main"]
    urls = [ini["sqlalchemy.url"], ini["ckan.datastore.write_url"],
            ini["ckan.datastore.read_url"], ini["solr_url"]]
    assert _names(urls) <= _demo(release)
    assert ini["ckan.redis.url"] == _redis_url(release, "demo")
    assert ini["ckan.site_url"] == "http://127.0.0.1:5099"
    assert ini["SECRET_KEY"]


def test_explicit_lists_still_win():
    # scripts/core-suites.sh brings up only its variants' databases and cores.
    assert _plan(RELEASES[0], PG_DATABASES="ckan_core_a datastore_core_a",
                 SOLR_CORES="ckan_core_a") == {"ckan_core_a", "datastore_core_a"}


def test_this_run_is_not_on_a_demo_site():
    urls = [tk.config["sqlalchemy.url"], tk.config["ckan.datastore.write_url"], tk.config["solr_url"]]
    demos = set().union(*(_demo(release) for release in RELEASES))
    assert not _names(urls) & demos
    assert sa.engine.make_url(tk.config["sqlalchemy.url"]).database not in demos
