"""The production entry point the README and scripts/demo.sh give: gunicorn on ckanext.thainguyen.wsgi."""
from __future__ import annotations

import configparser
import os
import re
import signal
import subprocess
import sys
import time
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


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn with two workers on test.ini, stopped (master and workers) at the end."""
    log = tmp_path / "gunicorn.log"
    env = dict(os.environ, CKAN_INI=os.path.join(ROOT, "test.ini"))
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", ENTRY_POINT, "--bind", "127.0.0.1:0",
             "--workers", "2", "--no-control-socket", "--error-logfile", "-"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not (port := re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())):
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        url = f"http://127.0.0.1:{port.group(1)}"
        while _status(f"{url}/api/3/action/status_show") != 200:
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        yield url, log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_several_workers_answer_and_no_debugger(gunicorn):
    url, log = gunicorn
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(_status, [f"{url}/api/3/action/status_show"] * 8))
    assert codes == [200] * 8
    assert len(re.findall(r"Booting worker with pid", log.read_text())) == 2
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
