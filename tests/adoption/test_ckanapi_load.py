"""A harvester's script keeps working on a site with the extension:
``ckanapi load datasets`` (ckanapi 4.11, as operators run it against the
site's URL) creates stock datasets, then updates them on its next run."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ckan import model
from ckan.tests import factories, helpers

from tests.adoption.conftest import CORE_FIELDS, FREE_EXTRAS, context, sorted_extras

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins")

CKANAPI = os.path.join(os.path.dirname(sys.executable), "ckanapi")


def _stock_lines(org, group, title):
    """Datasets as ``ckanapi dump datasets`` writes them from a stock site."""
    return [{
        "name": f"thu-hoach-{n}", "title": f"{title} {n}", "notes": "Từ cổng dữ liệu cũ.",
        "owner_org": org["name"], "private": private, "groups": [{"name": group["name"]}],
        "tags": [{"name": "thu-hoach"}], "extras": FREE_EXTRAS, **CORE_FIELDS,
        "resources": [{"url": f"https://data.example.org/{n}.csv", "name": "Bảng", "format": "CSV"}],
    } for n, private in ((1, False), (2, True))]


def _load(url, token, lines, tmp_path):
    source = tmp_path / "datasets.jsonl"
    source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    # ckanapi starts its workers as ``ckanapi`` found on PATH.
    env = dict(os.environ, PATH=os.pathsep.join((os.path.dirname(CKANAPI), os.environ["PATH"])))
    return subprocess.run([CKANAPI, "load", "datasets", "-I", str(source), "-r", url, "-a", token],
                          capture_output=True, text=True, timeout=300, env=env)


def test_ckanapi_load_creates_then_updates_stock_datasets(production_server, tmp_path):
    url, _log, _workers = production_server
    sysadmin = factories.SysadminWithToken()
    org = factories.Organization()
    group = factories.Group()

    for title in ("Bộ dữ liệu thu hoạch", "Bộ dữ liệu thu hoạch lần hai"):
        lines = _stock_lines(org, group, title)
        run = _load(url, sysadmin["token"], lines, tmp_path)
        assert run.returncode == 0, run.stdout + run.stderr
        assert '"error"' not in run.stdout, run.stdout
        # Written by the server's processes: read afresh, as a new request would.
        model.Session.remove()
        for line in lines:
            dataset = helpers.call_action("package_show", context(sysadmin), id=line["name"])
            assert dataset["title"] == line["title"]
            assert dataset["private"] is line["private"]
            assert {k: dataset[k] for k in CORE_FIELDS} == CORE_FIELDS
            assert sorted_extras(dataset["extras"]) == FREE_EXTRAS
            assert [g["name"] for g in dataset["groups"]] == [group["name"]]
            assert [r["url"] for r in dataset["resources"]] == [line["resources"][0]["url"]]
            assert "sharing_mode" not in dataset
