"""Benchmark of thainguyen_funding_summary on 10,000 science projects.

Usage (a dedicated database, never a shared one: the script resets it):

    su postgres -c "createdb -O ckan_default ckan_bench_funding"
    CKAN_SQLALCHEMY_URL=postgresql://ckan_default:ckan_default@127.0.0.1/ckan_bench_funding \\
    CKAN_SITE_ID=bench_funding \\
    .stack/venv-2.11.6/bin/python bench/bench_funding.py --ini test.ini --projects 10000

How the projects are made fast: creating 10,000 datasets through
package_create (validation, activity, a Solr commit each) takes many
minutes, so the script writes the ``package`` and ``package_extra`` rows
with one bulk INSERT each, exactly as package_create stores a project (the
funding years as the JSON extra scheming writes). It then builds the two
things the compared approaches read, each with the extension's own code:
the denormalised funding tables with ``science.store.rebuild()`` (what
``ckan thainguyen rebuild-funding`` runs) and the Solr index with CKAN's
``search.rebuild`` (package_show of every project, our before_index hook).
Both build times are printed too.

Then it times, in the same run:
- ``thainguyen_funding_summary`` (SQL GROUP BY over the funding tables,
  filtered by the caller's permission labels), as an anonymous visitor, as
  a sysadmin and with filters (target: under 300 ms a call);
- the naive approach: page through package_search (1000 rows a page) and
  sum the funding of every result in Python;
and checks that both give the same totals. The Solr documents of the
benchmark's site_id are removed at the end (``--keep-index`` keeps them).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
import uuid
from typing import Any, Callable

import sqlalchemy as sa

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

FIELDS = ("natural_sciences", "engineering_technology", "medical_health",
          "agricultural", "social_sciences", "humanities")
LEVELS = ("national", "provincial", "grassroots")
STATUSES = ("proposed", "approved", "in_progress", "accepted", "completed", "cancelled")


def _app(ini: str) -> Any:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    return make_app(load_config(ini))


def _reset_database() -> None:
    """Empty schema, CKAN's tables, then the plugins' migrations."""
    from ckan import model
    from ckan.cli.db import _get_pending_plugins, _run_migrations

    model.Session.remove()
    with model.meta.engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    model.repo.init_db()
    for plugin in _get_pending_plugins():  # activity's tables and ours
        _run_migrations(plugin)


def _projects(n: int, orgs: list[str], rng: random.Random) -> list[dict[str, Any]]:
    projects = []
    for i in range(n):
        start_year = rng.randint(2019, 2025)
        years = rng.randint(1, 3)
        funding = []
        for year in range(start_year, start_year + years):
            state = rng.randint(0, 5000) * 1_000_000
            non_budget = rng.randint(0, 2500) * 1_000_000
            funding.append({"year": year, "state_budget_vnd": state, "non_budget_vnd": non_budget,
                            "disbursed_vnd": rng.randint(0, state + non_budget) if state + non_budget else 0})
        status = rng.choices(STATUSES, weights=(10, 15, 40, 15, 15, 5))[0]
        projects.append({
            "id": str(uuid.uuid4()),
            "name": f"bench-khcn-{i:05d}",
            "title": f"Nhiệm vụ khoa học và công nghệ số {i}",
            "owner_org": rng.choice(orgs),
            "private": status == "proposed",
            "extras": {
                "project_code": f"KHCN-BM-{start_year}-{i % 1000:03d}{i // 1000:02d}",
                "level": rng.choice(LEVELS),
                "field_of_science": rng.choice(FIELDS),
                "pi_name": f"TS. Nghiên cứu viên {i}",
                "start_date": f"{start_year}-01-01",
                "end_date": f"{start_year + years - 1}-12-31",
                "status": status,
                "commissioned": rng.choice(("yes", "no")),
                "funding": json.dumps(funding),
            },
        })
    return projects


def _bulk_insert(projects: list[dict[str, Any]]) -> None:
    from psycopg2.extras import execute_values

    from ckan import model

    now = time.strftime("%Y-%m-%d %H:%M:%S")
    connection = model.Session.connection().connection
    # CKAN 2.11 stores extras as package_extra rows; 2.12 as JSONB on the row.
    extras_on_row = not hasattr(model, "PackageExtra")
    with connection.cursor() as cursor:
        if extras_on_row:
            execute_values(cursor, (
                "INSERT INTO package (id, name, title, type, owner_org, private, state, "
                "metadata_created, metadata_modified, extras) VALUES %s"
            ), [(p["id"], p["name"], p["title"], "science-project", p["owner_org"], p["private"],
                 "active", now, now, json.dumps(p["extras"])) for p in projects], page_size=2000)
        else:
            execute_values(cursor, (
                "INSERT INTO package (id, name, title, type, owner_org, private, state, "
                "metadata_created, metadata_modified) VALUES %s"
            ), [(p["id"], p["name"], p["title"], "science-project", p["owner_org"], p["private"],
                 "active", now, now) for p in projects], page_size=2000)
            execute_values(cursor, (
                "INSERT INTO package_extra (id, package_id, key, value, state) VALUES %s"
            ), [(str(uuid.uuid4()), p["id"], key, value, "active")
                for p in projects for key, value in p["extras"].items()], page_size=5000)
    model.Session.commit()


def _index_chunk(ids: list[str]) -> None:
    """Child process: its own DB connections, deferred Solr commits."""
    from ckan import model
    from ckan.lib import search

    model.Session.remove()
    model.meta.engine.dispose()
    search.rebuild(package_ids=ids, defer_commit=True, quiet=True)


def _index(ids: list[str], workers: int) -> None:
    """Index in parallel forked workers: indexing waits mostly on Postgres
    and Solr round trips, so a few workers help even on two cores."""
    import multiprocessing

    from ckan.lib import search

    context = multiprocessing.get_context("fork")
    chunks = [ids[i::workers] for i in range(workers)]
    processes = [context.Process(target=_index_chunk, args=(chunk,)) for chunk in chunks]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        if process.exitcode:
            raise RuntimeError(f"an indexing worker failed ({process.exitcode})")
    search.commit()


def _timed(fn: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def _naive_totals(context: dict[str, Any], fq: str = "") -> dict[str, int]:
    """Page through package_search and add up the funding in Python."""
    import ckan.plugins.toolkit as tk

    totals = {"state_budget_vnd": 0, "non_budget_vnd": 0, "disbursed_vnd": 0, "project_count": 0}
    start, rows = 0, 1000
    while True:
        page = tk.get_action("package_search")(dict(context), {
            "fq": "+dataset_type:science-project" + fq, "rows": rows, "start": start,
            "include_private": True,
        })
        for result in page["results"]:
            totals["project_count"] += 1
            for row in result.get("funding") or []:
                for key in ("state_budget_vnd", "non_budget_vnd", "disbursed_vnd"):
                    totals[key] += int(row.get(key) or 0)
        start += rows
        if start >= page["count"]:
            return totals


def _report(label: str, times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return (f"{label:<52} median {statistics.median(times):9.1f} ms   "
            f"p95 {p95:9.1f} ms   ({len(times)} runs)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ini", default=os.path.join(ROOT, "test.ini"))
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--orgs", type=int, default=40)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--naive-runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=57)
    parser.add_argument("--index-workers", type=int, default=4)
    parser.add_argument("--keep-index", action="store_true")
    args = parser.parse_args()

    db_url = os.environ.get("CKAN_SQLALCHEMY_URL", "")
    if "bench" not in db_url.rsplit("/", 1)[-1] or "bench" not in os.environ.get("CKAN_SITE_ID", ""):
        print("refusing to run: set CKAN_SQLALCHEMY_URL to a dedicated *bench* database and "
              "CKAN_SITE_ID to a *bench* site id (the database is reset)", file=sys.stderr)
        return 2

    app = _app(args.ini)
    with app._wsgi_app.test_request_context():
        import ckan.plugins.toolkit as tk
        from ckan import model
        from ckan.lib import search

        from ckanext.thainguyen.science import store as science_store

        rng = random.Random(args.seed)
        t0 = time.perf_counter()
        _reset_database()
        search.clear_all()
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        sysadmin = {"user": site_user["name"], "ignore_auth": True}
        orgs = [
            tk.get_action("organization_create")(dict(sysadmin), {
                "name": f"bench-host-{i:02d}", "title": f"Đơn vị chủ trì {i:02d}"})["id"]
            for i in range(args.orgs)
        ]
        projects = _projects(args.projects, orgs, rng)
        _bulk_insert(projects)
        insert_s = time.perf_counter() - t0
        print(f"bulk insert of {args.projects} projects (+{args.orgs} orgs): {insert_s:.1f} s")

        t0 = time.perf_counter()
        science_store.rebuild()
        print(f"funding tables rebuilt (ckan thainguyen rebuild-funding): {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        _index([p["id"] for p in projects], args.index_workers)
        print(f"Solr index built (search.rebuild in {args.index_workers} workers): "
              f"{time.perf_counter() - t0:.1f} s")
        funding_rows = model.Session.execute(sa.text("SELECT count(*) FROM thainguyen_project_funding")).scalar()
        print(f"{funding_rows} project-years\n")

        anonymous = {"user": ""}
        summary = tk.get_action("thainguyen_funding_summary")
        scenarios = [
            ("summary, anonymous, no filter", anonymous, {}, ""),
            ("summary, sysadmin, no filter", sysadmin, {}, ""),
            ("summary, anonymous, 2024–2025 + agricultural", anonymous,
             {"year_from": 2024, "year_to": 2025, "field_of_science": "agricultural"},
             " +field_of_science:agricultural"),
        ]
        ok = True
        for label, context, filters, fq in scenarios:
            summary(dict(context), dict(filters))  # warm-up
            times, result = _timed(lambda: summary(dict(context), dict(filters)), args.runs)
            print(_report(label, times))
            if not filters:
                naive_times, naive = _timed(lambda: _naive_totals(context, fq), args.naive_runs)
                print(_report("  naive: package_search pages + Python sum", naive_times))
                same = all(naive[k] == result["totals"][k] for k in naive)
                print(f"  same totals as the naive approach: {same} "
                      f"({result['totals']['project_count']} projects, "
                      f"{result['totals']['state_budget_vnd']:,} VND state budget)".replace(",", "."))
                ok = ok and same
            under = statistics.median(times) < 300
            print(f"  median under 300 ms: {under}")
            ok = ok and under

        if not args.keep_index:
            search.clear_all()
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
