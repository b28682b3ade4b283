"""The production entry point the README and scripts/demo.sh give: gunicorn on ckanext.thainguyen.wsgi."""
from __future__ import annotations

import configparser
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ENTRY_POINT = "ckanext.thainguyen.wsgi:application"


def _read(name):
    with open(os.path.join(ROOT, name), encoding="utf-8") as f:
        return f.read()


def _status(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_several_workers_answer_and_no_debugger(production_server):
    url, log, workers = production_server
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(_status, [f"{url}/api/3/action/status_show"] * 8))
    assert codes == [200] * 8
    assert len(re.findall(r"Booting worker with pid", log.read_text())) == workers > 1
    assert _status(f"{url}/console") == 404


def test_the_entry_point_needs_ckan_ini():
    env = {k: v for k, v in os.environ.items() if k != "CKAN_INI"}
    proc = subprocess.run([sys.executable, "-c", "import ckanext.thainguyen.wsgi"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "set CKAN_INI" in proc.stderr


def test_demo_readme_and_requirements_agree():
    pinned = re.findall(r"^gunicorn==([\d.]+)$", _read("serve-requirements.txt"), flags=re.M)
    assert len(pinned) == 1
    readme = _read("README.md")
    assert f"gunicorn=={pinned[0]}" in readme
    assert re.search(rf"CKAN_INI=\S+ gunicorn {re.escape(ENTRY_POINT)}", readme)
    assert f'"$VENV/bin/gunicorn" {ENTRY_POINT}' in _read("scripts/demo.sh")
    assert "jobs worker" in _read("scripts/demo.sh")
    demo = configparser.ConfigParser(interpolation=None)
    demo.read(os.path.join(ROOT, "demo.ini"), encoding="utf-8")
    assert demo.get("app:main", "debug") == "false"
