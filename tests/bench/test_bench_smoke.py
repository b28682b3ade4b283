"""bench/bench_catalogue.py still runs end to end (tiny sizes; no timing targets)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import ckan

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "bench", "bench_catalogue.py")
OPERATIONS = {"package_show", "package_search", "dataset_page"}


def _drop_smoke_databases() -> None:
    """This release's smoke databases start empty: PostgreSQL keeps them
    between runs (on CI's machine too), and a run must not depend on what an
    earlier one left, nor fail on it."""
    release = ckan.__version__.replace(".", "_")
    for variant in ("stock", "ours"):
        subprocess.run(["su", "postgres", "-c", f"dropdb --if-exists ckan_bench_smoke_{variant}_{release}"],
                       check=True, capture_output=True)


def test_benchmark_runs_both_sites_and_reports_every_operation(tmp_path):
    _drop_smoke_databases()
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, SCRIPT, "--entries", "20", "--repeat", "3", "--rounds", "1",
         "--tag", "smoke", "--json-out", str(out)],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    result = json.loads(out.read_text())
    assert result["entries"] == 20
    assert set(result["summary"]) == OPERATIONS
    for site in ("stock", "ours"):
        for op in OPERATIONS:
            wall = result["timings"][site][op]["wall"]
            assert len(wall) == 3 and all(t > 0 for t in wall)
    for op in OPERATIONS:
        assert f"\n{op} " in proc.stdout
    assert "ours/stock" in proc.stdout
    # Both sites hold exactly the 20 entries, loaded now.
    for site in ("stock", "ours"):
        loaded = result["loaded"][site]
        kept = sum(n for what, n in loaded.items() if what != "dataset purged")
        assert kept == 20, loaded
