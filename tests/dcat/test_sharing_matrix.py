"""Every person x every entry of the sharing world: DCAT shows the data links exactly to those who may use the data."""
from __future__ import annotations

import pytest
from rdflib import URIRef

from tests.catalogue import world as sharing_world
from tests.catalogue.world import ENTRIES, USERS, secret_url
from tests.dcat.conftest import ACCESS_RIGHT, DCAT, DCT, FORMATS, dataset_ref, fetch

DCAT_PLUGINS = {"ckan.plugins": sharing_world.PLUGINS + " dcat thainguyen_dcat"}
RIGHTS = {"open": "PUBLIC", "default_partner": "RESTRICTED", "default_all": "RESTRICTED",
          "special": "NON_PUBLIC"}


@pytest.fixture(scope="module")
def world(reset_db, migrate_db_for, reset_index):
    with sharing_world.configured(DCAT_PLUGINS):
        return sharing_world.build(reset_db, migrate_db_for, reset_index)


pytestmark = sharing_world.config_marks(DCAT_PLUGINS) + [pytest.mark.usefixtures("with_plugins")]


def _problems(world, who, entry, graph, body) -> list[str]:
    problems = []
    ref = dataset_ref(graph, world.entries[entry])
    if graph.value(ref, DCT.accessRights) != URIRef(ACCESS_RIGHT + RIGHTS[entry]):
        problems.append("wrong access rights")
    distribution = graph.value(ref, DCAT.distribution)
    if distribution is None:
        problems.append("no distribution")
    shown = secret_url(entry) in body
    if shown != world.may_use(who, entry):
        problems.append("link shown" if shown else "link withheld from someone with access")
    return problems


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_entry_rdf(app, world, fmt):
    failures = []
    for who in USERS:
        for entry in ENTRIES:
            graph, body = fetch(app, f"/dataset/{world.entries[entry]['name']}", fmt,
                                headers=world.headers(who))
            failures.extend(f"{who} x {entry}: {p}" for p in _problems(world, who, entry, graph, body))
    assert not failures, "\n".join(failures)


def test_catalog(app, world):
    failures = []
    for who in USERS:
        graph, body = fetch(app, "/catalog", headers=world.headers(who))
        for entry in ENTRIES:
            # Each secret URL is its entry's: the whole page is checked for it.
            failures.extend(f"{who} x {entry}: {p}" for p in _problems(world, who, entry, graph, body))
    assert not failures, "\n".join(failures)
