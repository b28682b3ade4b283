"""What enforcing the sharing modes costs in SQL statements (no timings).

The benchmark (bench/bench_catalogue.py) times the same reads against stock
CKAN; these tests pin the part of it that is deterministic: how many
statements our labels and chained actions add to CKAN's own.
"""
from __future__ import annotations

import contextlib
import re
from typing import Any, Iterator

import pytest
from sqlalchemy import event

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.plugins import DefaultPermissionLabels
from ckan.logic.action.get import package_search as ckan_package_search

from ckanext.thainguyen.core import permissions
from ckanext.thainguyen.catalogue.rules import AGENCY_STAFF_LABEL, grant_label
from tests.catalogue import world as sharing_world
from tests.catalogue.world import USERS


@pytest.fixture(scope="module")
def world(reset_db, migrate_db_for, reset_index):
    with sharing_world.configured():
        return sharing_world.build(reset_db, migrate_db_for, reset_index)


pytestmark = sharing_world.config_marks() + [pytest.mark.usefixtures("with_plugins")]

SIGNED_IN = USERS[1:]


@contextlib.contextmanager
def statements(app: Any) -> Iterator[list[str]]:
    """The SQL statements run inside the block, in a request of their own
    (user labels are cached per request)."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    engine = model.Session.get_bind()
    with app.flask_app.test_request_context():
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield seen
        finally:
            event.remove(engine, "before_cursor_execute", record)


def _context(world: Any, who: str) -> dict[str, Any]:
    # As the API and the bench call actions: a user name, no user object yet.
    user = world.users[who]
    return {"user": user["name"] if user else "", "model": model, "session": model.Session}


def _user_obj(world: Any, who: str) -> model.User:
    return model.User.get(world.users[who]["id"])


@pytest.mark.parametrize("who", USERS)
def test_package_search_costs_no_statement_beyond_ckans_own(world, app, who):
    search = {"q": "*:*", "rows": 20, "include_private": True,
              "facet.field": '["organization", "sharing_mode"]'}
    with statements(app):  # warm caches
        ckan_package_search(_context(world, who), dict(search))
        tk.get_action("package_search")(_context(world, who), dict(search))
    with statements(app) as ckan_own:
        ckan_found = ckan_package_search(_context(world, who), dict(search))
    with statements(app) as ours:
        found = tk.get_action("package_search")(_context(world, who), dict(search))

    assert found["count"] == ckan_found["count"] > 0
    # The sharing rules read the search results, never the database, for
    # each result; the asking user is looked up once, with CKAN.
    assert len(ours) <= len(ckan_own), ours


@pytest.mark.parametrize("who", SIGNED_IN)
def test_a_users_labels_cost_one_statement_beyond_ckans(world, app, who):
    user = _user_obj(world, who)
    with statements(app) as ckan_own:
        DefaultPermissionLabels().get_user_dataset_labels(user)
    with statements(app) as ours:
        labels = permissions.get_user_dataset_labels(user)
        again = permissions.get_user_dataset_labels(user)

    assert len(ours) == len(ckan_own) + 1, ours
    assert again == labels
    if who in ("other_member", "partner_member", "owner_member"):
        assert AGENCY_STAFF_LABEL in labels
    if who == "grantee_active":
        assert grant_label(world.entries["special"]["id"]) in labels
    else:
        assert grant_label(world.entries["special"]["id"]) not in labels


@pytest.mark.parametrize("who", ["anonymous", "citizen", "owner_member"])
def test_showing_an_open_entry_never_loads_its_extras(world, app, who):
    with statements(app) as ours:
        shown = tk.get_action("package_show")(_context(world, who),
                                              {"id": world.entries["open"]["name"]})

    assert shown["sharing_mode"] == "open"
    assert shown["resources"][0]["url"] == sharing_world.secret_url("open")
    # CKAN 2.11 keeps extras in their own table (2.12 in a package column).
    assert not [s for s in ours if re.search(r"\bFROM package_extra\b", s)], ours
