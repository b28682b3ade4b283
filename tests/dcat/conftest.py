"""Builders for the DCAT tests: RDF fetched as a harvester fetches it, read with rdflib."""
from __future__ import annotations

from typing import Any, Optional

import pytest
from rdflib import Graph, Namespace, URIRef

from ckan.tests import factories, helpers

from tests.catalogue.factories import catalogue_entry

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")

ACCESS_RIGHT = "http://publications.europa.eu/resource/authority/access-right/"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/"

# Our URL suffix -> rdflib's parser name.
FORMATS = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}

SECRET_URL = "https://data.example.org/secret-dcat.csv"

# Every catalogue field the profile publishes, with values of its own.
FULL_ENTRY = {
    "title": "Cơ sở dữ liệu quan trắc môi trường",
    "notes": "Kết quả quan trắc không khí và nước mặt.",
    "sector": "environment",
    "update_frequency": "monthly",
    "legal_basis": "Quyết định số 1234/QĐ-UBND ngày 01/01/2025",
    "temporal_coverage_start": "2020-01-01",
    "temporal_coverage_end": "2024-12-31",
    "spatial_coverage": "Toàn tỉnh Thái Nguyên",
    "contact_name": "Phòng Quan trắc",
    "contact_email": "quantrac@tnmt.thainguyen.gov.vn",
    "contact_phone": "0208 3855 123",
    "managing_unit": "Trung tâm Quan trắc",
}


def fetch(app: Any, path: str, fmt: str = "ttl", headers: Optional[dict[str, str]] = None,
          **params: Any) -> tuple[Graph, str]:
    """GET ``path`` (``/dataset/<id>`` or ``/catalog``) in ``fmt``; (graph, body)."""
    response = app.get(f"{path}.{fmt}", headers=headers or {}, query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    body = response.get_data(as_text=True)
    return Graph().parse(data=body, format=FORMATS[fmt]), body


def dataset_ref(graph: Graph, entry: dict[str, Any]) -> URIRef:
    found = [s for s in graph.subjects(DCT.identifier, None)
             if str(graph.value(s, DCT.identifier)) == entry["id"]]
    assert len(found) == 1, f"{entry['name']} is described {len(found)} times"
    return found[0]


def full_entry(sharing_mode: str = "open", **overrides: Any) -> dict[str, Any]:
    """A catalogue entry with every published field and one resource with a secret URL."""
    org = overrides.pop("organization", None) or factories.Organization(title="Sở Tài nguyên và Môi trường")
    values = dict(FULL_ENTRY, owner_org=org["id"],
                  resources=[{"name": "Kết quả quan trắc", "format": "CSV", "url": SECRET_URL}])
    values.update(overrides)
    return catalogue_entry(sharing_mode, **values)


def member_headers(org: dict[str, Any]) -> dict[str, str]:
    """API headers of a new member of ``org``."""
    user = factories.UserWithToken()
    helpers.call_action("organization_member_create", {"ignore_auth": True},
                        id=org["id"], username=user["name"], role="member")
    return {"Authorization": user["token"]}


@pytest.fixture
def site(clean_db, clean_index, with_plugins):
    """A clean site with the test.ini plugins (dcat and thainguyen_dcat among them)."""
    return None
