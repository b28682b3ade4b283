#!/usr/bin/env python
"""Overhead of ckanext-thainguyen against stock CKAN + scheming, same data.

    .stack/venv-2.11.6/bin/python bench/bench_catalogue.py --entries 1000

Two CKAN sites, each in its own subprocess with its own database and
``ckan.site_id`` (sharing the Solr core, which CKAN scopes by site id):

- ``stock``: plugins ``scheming_datasets``, schema ``ckanext.scheming:ckan_dataset.yaml``;
  the catalogue fields are stored as free extras, and the private flag is
  the one the sharing mode gives, so both sites hold the same data.
- ``ours``: plugins ``scheming_datasets thainguyen`` with the catalogue schema.

Each site loads the same N catalogue entries (generated from the demo
sample, skipped when already loaded), then times, as an anonymous visitor
(or ``--viewer staff``: a signed-in member of one agency),
``package_show``, ``package_search`` with facets and ``GET /dataset/<name>``
through the whole WSGI stack (werkzeug test client). Sites run one after
the other, alternating over ``--rounds`` to even out load on the machine.
Prints median and p95 per operation and the ratio ours/stock.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE_INI = os.path.join(ROOT, "test.ini")
VARIANTS = ("stock", "ours")
TARGET_OVERHEAD = 0.15

PLUGINS = {
    "stock": "scheming_datasets",
    "ours": "scheming_datasets thainguyen",
}
SCHEMAS = {
    "stock": "ckanext.scheming:ckan_dataset.yaml",
    "ours": ("ckanext.thainguyen.schemas:catalogue.yaml "
             "ckanext.thainguyen.schemas:innovation_entry.yaml "
             "ckanext.thainguyen.schemas:science_project.yaml"),
}
# Migrations each site needs beyond core's.
PLUGIN_MIGRATIONS = {"stock": [], "ours": ["thainguyen"]}

SEARCH_QUERIES = ["*:*", "dữ liệu", "đất đai", "giáo dục", "môi trường", "danh sách"]
FACETS = '["organization", "tags", "res_format", "license_id", "sharing_mode"]'
OPERATIONS = ("package_show", "package_search", "dataset_page")
VIEWERS = {
    "anonymous": "anonymous visitor",
    "staff": "signed-in agency staff (member of one organisation, API token)",
}
STAFF_USER = "bench-staff"
STAFF_ORG = "so-y-te"


# ---------------------------------------------------------------- parent

def _database(tag: str, variant: str) -> str:
    # One database per CKAN release: a newer release migrates the schema
    # past what an older one can read.
    from importlib.metadata import version
    release = version("ckan").replace(".", "_")
    return f"ckan_bench_{tag}_{variant}_{release}"


def ensure_database(name: str) -> None:
    """Create the site's database like scripts/stack.sh does (needs root)."""
    exists = subprocess.run(
        ["su", "postgres", "-c", f"psql -XtAc \"SELECT 1 FROM pg_database WHERE datname='{name}'\""],
        capture_output=True, text=True)
    if exists.returncode == 0 and exists.stdout.strip() == "1":
        return
    created = subprocess.run(
        ["su", "postgres", "-c", f"createdb -O ckan_default -E utf-8 -T template0 {name}"],
        capture_output=True, text=True)
    if created.returncode != 0:
        sys.exit(f"cannot create database {name} ({created.stderr.strip()}); as a PostgreSQL "
                 f"superuser run: createdb -O ckan_default -E utf-8 -T template0 {name}")


def write_ini(directory: str, tag: str, variant: str) -> str:
    # Named as the database is, release included: both releases' test runs
    # call the benchmark at once, and a shared name let one release's worker
    # read the other's ini (its database: CKAN 2.12's revisions under 2.11).
    path = os.path.join(directory, f"{_database(tag, variant)}.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"""[app:main]
use = config:{BASE_INI}
testing = false
sqlalchemy.url = postgresql://ckan_default:ckan_default@127.0.0.1/{_database(tag, variant)}
ckan.site_id = thainguyen.bench.{tag}.{variant}
ckan.plugins = {PLUGINS[variant]}
scheming.dataset_schemas = {SCHEMAS[variant]}

# Timings, not log lines: errors only.
[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = ERROR
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s
""")
    return path


def run_worker(ini: str, variant: str, args: argparse.Namespace) -> dict[str, Any]:
    env = dict(os.environ)
    # Each site has its own database and site id: the developer's own
    # CKAN_SQLALCHEMY_URL / CKAN_SITE_ID would override the ini.
    env.pop("CKAN_SQLALCHEMY_URL", None)
    env.pop("CKAN_SITE_ID", None)
    env.pop("CKAN_INI", None)
    with tempfile.NamedTemporaryFile("r", suffix=".json") as out:
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", variant, "--ini", ini,
               "--entries", str(args.entries), "--repeat", str(args.repeat),
               "--viewer", args.viewer, "--json", out.name]
        started = time.perf_counter()
        proc = subprocess.run(cmd, env=env, cwd=ROOT)
        if proc.returncode != 0:
            sys.exit(f"{variant} worker failed (exit {proc.returncode})")
        result = json.load(out)
    loaded = ", ".join(f"{k} {v}" for k, v in result["loaded"].items() if v)
    print(f"  {variant}: {loaded} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return result


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summarise(timings: dict[str, Any]) -> dict[str, dict[str, float]]:
    rows = {}
    for op in OPERATIONS:
        stock, ours = timings["stock"][op], timings["ours"][op]
        row = {
            "stock_median": statistics.median(stock["wall"]),
            "stock_p95": percentile(stock["wall"], 0.95),
            "ours_median": statistics.median(ours["wall"]),
            "ours_p95": percentile(ours["wall"], 0.95),
            "stock_cpu_median": statistics.median(stock["cpu"]),
            "ours_cpu_median": statistics.median(ours["cpu"]),
        }
        row["ratio_median"] = row["ours_median"] / row["stock_median"]
        row["ratio_p95"] = row["ours_p95"] / row["stock_p95"]
        row["ratio_cpu_median"] = row["ours_cpu_median"] / row["stock_cpu_median"]
        rows[op] = row
    return rows


def report(timings: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    rows = summarise(timings)
    calls = len(timings["ours"]["package_show"]["wall"])
    print(f"\nckanext-thainguyen vs stock CKAN + scheming: {args.entries} entries, "
          f"{calls} timed calls per operation and site, viewer: {VIEWERS[args.viewer]}")
    header = (f"{'operation':<16}{'stock med':>11}{'stock p95':>11}{'ours med':>11}"
              f"{'ours p95':>11}{'ours/stock med':>16}{'p95':>7}{'cpu med':>9}")
    print(header)
    print("-" * len(header))
    for op, r in rows.items():
        print(f"{op:<16}{r['stock_median'] * 1000:>8.1f} ms{r['stock_p95'] * 1000:>8.1f} ms"
              f"{r['ours_median'] * 1000:>8.1f} ms{r['ours_p95'] * 1000:>8.1f} ms"
              f"{r['ratio_median']:>16.2f}{r['ratio_p95']:>7.2f}{r['ratio_cpu_median']:>9.2f}")
    within = all(r["ratio_median"] <= 1 + TARGET_OVERHEAD for r in rows.values())
    print(f"\nTarget: ours/stock median wall time <= {1 + TARGET_OVERHEAD:.2f} for every "
          f"operation: {'met' if within else 'NOT met'}"
          f"  (cpu med = ratio of the CKAN process's own CPU time)")
    return {"entries": args.entries, "viewer": args.viewer, "summary": rows, "timings": timings,
            "within_target": within}


def parent(args: argparse.Namespace) -> int:
    state_dir = os.path.join(ROOT, ".stack", "bench")
    os.makedirs(state_dir, exist_ok=True)
    inis = {}
    for variant in VARIANTS:
        ensure_database(_database(args.tag, variant))
        inis[variant] = write_ini(state_dir, args.tag, variant)
    timings: dict[str, Any] = {v: {op: {"wall": [], "cpu": []} for op in OPERATIONS}
                               for v in VARIANTS}
    loaded: dict[str, dict[str, int]] = {}
    for round_no in range(args.rounds):
        # Alternate the order so neither site always runs on a warmer machine.
        order = VARIANTS if round_no % 2 == 0 else tuple(reversed(VARIANTS))
        print(f"round {round_no + 1}/{args.rounds}", file=sys.stderr)
        for variant in order:
            worker_result = run_worker(inis[variant], variant, args)
            loaded[variant] = worker_result["loaded"]
            for op, values in worker_result["timings"].items():
                for kind in ("wall", "cpu"):
                    timings[variant][op][kind].extend(values[kind])
    result = report(timings, args)
    result["loaded"] = loaded
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1)
    return 0


# ---------------------------------------------------------------- worker

def bench_entries(n: int, agency_titles: dict[str, str]) -> list[dict[str, Any]]:
    """N catalogue entries: the demo sample, repeated with numbered names and codes."""
    from ckanext.thainguyen.catalogue import sample as catalogue

    base = catalogue.entries(agency_titles)
    result = []
    for i in range(n):
        entry = json.loads(json.dumps(base[i % len(base)]))
        copy_no = i // len(base) + 1
        name = f"{entry['name'][:80]}-b{i:04d}"
        entry["name"] = name
        entry["title"] = f"{entry['title']} (bản {copy_no})"
        entry["catalogue_code"] = f"TN-BENCH-{i + 1:04d}"
        for resource in entry["resources"]:
            resource["url"] = resource["url"].replace(base[i % len(base)]["name"], name)
        result.append(entry)
    return result


def as_stock(entry: dict[str, Any], stock_fields: set[str]) -> dict[str, Any]:
    """The same entry as stock CKAN stores it: unknown fields become extras."""
    from ckanext.thainguyen.catalogue.rules import derive_private

    dataset = {k: v for k, v in entry.items() if k in stock_fields or k == "resources"}
    dataset["private"] = bool(derive_private(entry["sharing_mode"]))
    dataset["extras"] = [
        {"key": k, "value": json.dumps(v, ensure_ascii=False) if isinstance(v, list) else str(v)}
        for k, v in sorted(entry.items()) if k not in dataset and k not in ("private",)]
    return dataset


def _migrate(variant: str) -> None:
    from ckan import model
    from ckan.cli.db import _run_migrations  # what CKAN's migrate_db_for fixture uses

    model.repo.init_db()
    for plugin in PLUGIN_MIGRATIONS[variant]:
        _run_migrations(plugin)


def _load(variant: str, n: int) -> dict[str, int]:
    import ckan.plugins.toolkit as tk
    from ckan import model
    from ckan.lib.search.common import make_connection
    from ckanext.scheming.helpers import scheming_get_dataset_schema
    from ckanext.thainguyen.catalogue import sample as catalogue
    from ckanext.thainguyen.core import sample

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    for org in sample.read_yaml(catalogue.ORGANIZATIONS_FILE):
        sample.upsert("organization", context, org)
    entries = bench_entries(n, catalogue.organization_titles())
    if variant == "stock":
        fields = {f["field_name"] for f in scheming_get_dataset_schema("dataset")["dataset_fields"]}
        entries = [as_stock(e, fields) for e in entries]
    # Entries of an earlier run with another N would change what is measured.
    wanted = {e["name"] for e in entries}
    extra = [name for (name,) in model.Session.query(model.Package.name)
             .filter(model.Package.name.like("%-b____")) if name not in wanted]
    for name in extra:
        tk.get_action("dataset_purge")(dict(context), {"id": name})
    counts = catalogue.load_entries(context, entries)
    # Entries kept in the database from an earlier run may be missing from a
    # fresh Solr core.
    sample.index_missing()
    if extra:
        make_connection().commit(waitSearcher=True)
        counts["dataset purged"] = len(extra)
    return counts


def _staff_token() -> str:
    """A member of one agency, and an API token to sign in pages with."""
    import secrets

    import ckan.plugins.toolkit as tk
    from ckan import model

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    if model.User.by_name(STAFF_USER) is None:
        tk.get_action("user_create")(dict(context), {
            "name": STAFF_USER, "email": f"{STAFF_USER}@thainguyen.example",
            "password": secrets.token_urlsafe(16)})
    tk.get_action("organization_member_create")(dict(context), {
        "id": STAFF_ORG, "username": STAFF_USER, "role": "member"})
    return tk.get_action("api_token_create")(dict(context), {
        "user": STAFF_USER, "name": "bench"})["token"]


def _timed(fn, repeat: int, warmup: int = 3) -> dict[str, list[float]]:
    """Wall time per call, and this process's CPU time per call.

    On a shared machine wall time also measures the neighbours; CPU time
    of the CKAN process (without PostgreSQL and Solr) does much less so.
    """
    for _ in range(warmup):
        fn(0)
    wall, cpu = [], []
    for i in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn(i)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return {"wall": wall, "cpu": cpu}


def worker(args: argparse.Namespace) -> int:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(args.ini))
    flask_app = app._wsgi_app
    with flask_app.app_context():
        _migrate(args.worker)
    with flask_app.test_request_context():
        loaded = _load(args.worker, args.entries)
        token = _staff_token() if args.viewer == "staff" else None
    user = STAFF_USER if token else ""
    headers = {"Authorization": token} if token else {}

    import ckan.plugins.toolkit as tk
    from werkzeug.test import Client

    open_names = [e["name"] for e in bench_entries(args.entries, _titles())
                  if e["sharing_mode"] == "open"]
    client = Client(app)

    def show(i: int) -> None:
        with flask_app.test_request_context():
            tk.get_action("package_show")({"user": user}, {"id": open_names[i % len(open_names)]})

    def search(i: int) -> None:
        with flask_app.test_request_context():
            result = tk.get_action("package_search")({"user": user}, {
                "q": SEARCH_QUERIES[i % len(SEARCH_QUERIES)], "rows": 20,
                "facet.field": FACETS, "fq": "+dataset_type:dataset"})
        # Every site must find its entries, or the timings mean nothing.
        assert result["count"] > 0 or i % len(SEARCH_QUERIES), result

    def page(i: int) -> None:
        response = client.get(f"/dataset/{open_names[i % len(open_names)]}", headers=headers)
        assert response.status_code == 200, response.status_code
        if token:
            assert STAFF_USER.encode() in response.data  # really signed in
        response.close()

    timings = {
        "package_show": _timed(show, args.repeat),
        "package_search": _timed(search, args.repeat),
        "dataset_page": _timed(page, args.repeat),
    }
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump({"loaded": loaded, "timings": timings}, f)
    return 0


def _titles() -> dict[str, str]:
    from ckanext.thainguyen.catalogue.sample import organization_titles
    return organization_titles()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1000, help="catalogue entries per site")
    parser.add_argument("--repeat", type=int, default=100,
                        help="timed calls per operation, site and round")
    parser.add_argument("--rounds", type=int, default=2,
                        help="runs of both sites, alternating which goes first")
    parser.add_argument("--tag", default="main",
                        help="names the sites' databases (ckan_bench_<tag>_<site>)")
    parser.add_argument("--viewer", choices=sorted(VIEWERS), default="anonymous",
                        help="who asks: an anonymous visitor or a signed-in agency staff member")
    parser.add_argument("--json-out", help="also write the timings here")
    parser.add_argument("--worker", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--ini", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    return worker(args) if args.worker else parent(args)


if __name__ == "__main__":
    sys.exit(main())
