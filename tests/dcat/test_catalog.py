"""The catalogue endpoint (/catalog.ttl): catalogue entries only, paginated, links withheld as for the entry."""
from __future__ import annotations

import pytest
from freezegun import freeze_time
from rdflib import RDF, URIRef

from ckan.tests import factories

from tests.contest.factories import SUBMISSIONS_OPEN, history_world, publish_results, submitted_entry
from tests.dcat.conftest import DCAT, DCT, HYDRA, SECRET_URL, dataset_ref, fetch, full_entry
from tests.science.factories import create_project, department_org

pytestmark = pytest.mark.usefixtures("site")


def _listed(graph) -> set[str]:
    return {str(graph.value(d, DCT.identifier)) for d in graph.subjects(RDF.type, DCAT.Dataset)}


def _contest_entry_and_project() -> tuple[dict, dict]:
    with freeze_time(SUBMISSIONS_OPEN):
        _, _, contest_entry = submitted_entry()
    project = create_project(department_org()["id"])
    return contest_entry, project


def test_only_catalogue_entries_are_listed(app):
    entries = [full_entry(mode) for mode in ("open", "default", "special")]
    contest_entry, project = _contest_entry_and_project()
    sysadmin = factories.SysadminWithToken()
    for headers in ({}, {"Authorization": sysadmin["token"]}):
        graph, _ = fetch(app, "/catalog", headers=headers)
        assert _listed(graph) == {entry["id"] for entry in entries}
        # A filter of the caller's cannot bring the other records back.
        for caller_filter in (f"dataset_type:{project['type']}", f"id:{contest_entry['id']}"):
            graph, _ = fetch(app, "/catalog", headers=headers, fq=caller_filter)
            assert _listed(graph) == set(), caller_filter


def test_restricted_entries_are_listed_without_links(app):
    links = {mode: SECRET_URL.replace("dcat", f"dcat-{mode}") for mode in ("open", "default", "special")}
    entries = {mode: full_entry(mode, resources=[{"name": "Bảng", "url": link}])
               for mode, link in links.items()}
    graph, body = fetch(app, "/catalog")
    for mode, entry in entries.items():
        distribution = graph.value(dataset_ref(graph, entry), DCAT.distribution)
        assert distribution is not None, mode
        link = graph.value(distribution, DCAT.accessURL)
        assert link == (URIRef(links[mode]) if mode == "open" else None), mode
    assert links["default"] not in body and links["special"] not in body


@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", 2)
def test_pages(app):
    entries = {full_entry("open")["id"] for _ in range(3)}
    first, _ = fetch(app, "/catalog")
    page = next(first.subjects(RDF.type, HYDRA.PagedCollection))
    assert int(first.value(page, HYDRA.totalItems)) == 3
    assert str(first.value(page, HYDRA.next)).endswith("page=2")
    second, _ = fetch(app, "/catalog", page=2)
    assert len(_listed(first)) == 2 and len(_listed(second)) == 1
    assert _listed(first) | _listed(second) == entries


def test_contest_entries_and_projects_are_described_without_personal_data(app):
    """Each is served at /dataset/<id>.ttl to whoever may read it, redacted as everywhere else."""
    edition, entries, users = history_world()
    publish_results(edition, users)
    contest_entry = entries["winner"]  # awarded, results published: public
    _, body = fetch(app, f"/dataset/{contest_entry['name']}")
    assert contest_entry["title"] in body
    for member in contest_entry["team"]:
        assert member["email"] not in body and member["phone"] not in body

    project = create_project(department_org()["id"])
    _, body = fetch(app, f"/dataset/{project['name']}")
    assert project["title"] in body
    assert project["pi_email"] not in body and project["pi_phone"] not in body


@pytest.mark.parametrize("params", [
    {"fq": "title:(unbalanced"},
    {"q": "title:(unbalanced"},
])
def test_a_query_solr_cannot_read_is_a_bad_request(app, params):
    full_entry("open")
    response = app.get("/en/catalog.ttl", query_string=params)
    assert response.status_code == 409, response.get_data(as_text=True)[:300]
    assert "not a search query the catalogue can read" in response.get_data(as_text=True)
