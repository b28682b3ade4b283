"""bench/bench_funding.py still runs end to end on a tiny data set.

The script itself checks that the summary and the naive package_search sum
agree for each caller, and exits non-zero otherwise.
"""
from __future__ import annotations

import os
import subprocess
import sys

import ckan

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "bench", "bench_funding.py")
# One per release: scripts/test.sh runs the releases side by side.
DATABASE = "ckan_bench_funding_smoke_" + ckan.__version__.replace(".", "_")


def _ensure_database() -> None:
    exists = subprocess.run(
        ["su", "postgres", "-c", f"psql -XtAc \"SELECT 1 FROM pg_database WHERE datname='{DATABASE}'\""],
        capture_output=True, text=True, check=True).stdout.strip()
    if exists != "1":
        subprocess.run(["su", "postgres", "-c", f"createdb -O ckan_default -E utf-8 -T template0 {DATABASE}"],
                       check=True)


def test_benchmark_agrees_with_the_naive_sum():
    _ensure_database()
    env = dict(os.environ,
               CKAN_SQLALCHEMY_URL=f"postgresql://ckan_default:ckan_default@127.0.0.1/{DATABASE}",
               CKAN_SITE_ID="bench_funding_smoke")
    proc = subprocess.run(
        [sys.executable, SCRIPT, "--ini", os.path.join(ROOT, "test.ini"), "--projects", "40",
         "--orgs", "3", "--runs", "3", "--naive-runs", "1", "--index-workers", "2"],
        capture_output=True, text=True, timeout=600, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("same totals as the naive approach: True") == 2
    assert "40 projects" in proc.stdout


def test_refuses_a_database_that_is_not_a_bench_one():
    env = dict(os.environ, CKAN_SQLALCHEMY_URL="postgresql://ckan_default:ckan_default@127.0.0.1/ckan_test",
               CKAN_SITE_ID="thainguyen.test")
    proc = subprocess.run([sys.executable, SCRIPT], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env=env)
    assert proc.returncode == 2
    assert "refusing to run" in proc.stderr
