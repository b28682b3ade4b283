"""Building blocks of the demo content each feature loads (``ckan thainguyen load-sample``).

Loading is idempotent: what already exists (by name) is updated in place
when the sample changed and left alone otherwise, so running the demo command
again never duplicates anything and costs little.
"""
from __future__ import annotations

import contextlib
from typing import Any

import yaml

import ckan.plugins.toolkit as tk
from ckan.lib import search
from ckan.lib.search.common import make_connection


def read_yaml(path: str) -> Any:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f) or []


def upsert(kind: str, context: dict[str, Any], data: dict[str, Any]) -> str:
    """Create or patch the ``kind`` (organization, package, ...) named ``data["name"]``."""
    try:
        existing = tk.get_action(f"{kind}_show")(dict(context), {"id": data["name"]})
    except tk.ObjectNotFound:
        tk.get_action(f"{kind}_create")(dict(context), data)
        return "created"
    if all(existing.get(key) == value for key, value in data.items()):
        # Nothing to write: keeps a repeat load fast and the activity stream clean.
        return "unchanged"
    tk.get_action(f"{kind}_patch")(dict(context), dict(data, id=existing["id"]))
    return "updated"


def add_count(counts: dict[str, int], what: str, n: int = 1) -> None:
    counts[what] = counts.get(what, 0) + n



@contextlib.contextmanager
def deferred_solr_commits():
    """Index without a Solr commit per dataset, then commit once.

    A commit per dataset costs far more than indexing it; CKAN's own switch
    ``ckan.search.solr_commit`` turns it off for the duration of a bulk load.
    """
    saved = tk.config.get("ckan.search.solr_commit")
    tk.config["ckan.search.solr_commit"] = False
    try:
        yield
    finally:
        tk.config["ckan.search.solr_commit"] = saved
        # Wait for the new searcher, so what was loaded is searchable on return.
        make_connection().commit(waitSearcher=True)


def index_missing() -> None:
    """Index the site's datasets the search index lacks, and wait for them.

    Loading skips records the database already holds; when the database
    outlived the Solr core (a fresh Solr beside a kept PostgreSQL), those
    records would stay unsearchable without this.
    """
    with deferred_solr_commits():
        search.rebuild(only_missing=True, defer_commit=True, quiet=True)
