"""An entry's DCAT-AP 3 (/dataset/<id>.ttl|.rdf|.jsonld): the catalogue's fields in the EU vocabularies."""
from __future__ import annotations

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import XSD

from ckan.tests import factories, helpers

from tests.dcat.conftest import (
    ACCESS_RIGHT, ADMS, DATA_THEME, DCAT, DCATAP, DCT, FOAF, FORMATS, FREQUENCY,
    SECRET_URL, SKOS, VCARD, dataset_ref, fetch, full_entry, member_headers,
)

pytestmark = pytest.mark.usefixtures("site")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_open_entry_publishes_every_catalogue_field(app, fmt):
    org = factories.Organization(title="Sở Tài nguyên và Môi trường")
    entry = full_entry("open", organization=org)
    graph, _ = fetch(app, f"/dataset/{entry['name']}", fmt)
    ref = dataset_ref(graph, entry)

    assert (ref, RDF.type, DCAT.Dataset) in graph
    assert graph.value(ref, DCT.accessRights) == URIRef(ACCESS_RIGHT + "PUBLIC")
    assert graph.value(ref, DCT.accrualPeriodicity) == URIRef(FREQUENCY + "MONTHLY")
    themes = set(graph.objects(ref, DCAT.theme))
    assert URIRef(DATA_THEME + "ENVI") in themes
    sector = next(t for t in themes if not str(t).startswith(DATA_THEME))
    assert graph.value(sector, SKOS.notation) == Literal("environment")
    assert Literal("Môi trường", lang="vi") in set(graph.objects(sector, SKOS.prefLabel))

    publisher = graph.value(ref, DCT.publisher)
    assert str(graph.value(publisher, FOAF.name)) == "Sở Tài nguyên và Môi trường"
    assert str(publisher).endswith(f"/organization/{org['id']}")

    contact = graph.value(ref, DCAT.contactPoint)
    assert str(graph.value(contact, VCARD.fn)) == "Phòng Quan trắc"
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:quantrac@tnmt.thainguyen.gov.vn")
    assert graph.value(contact, VCARD.hasTelephone) == URIRef("tel:0208-3855-123")

    legislation = graph.value(ref, DCATAP.applicableLegislation)
    assert str(graph.value(legislation, DCT.title)) == entry["legal_basis"]
    period = graph.value(ref, DCT.temporal)
    assert graph.value(period, DCAT.startDate) == Literal("2020-01-01", datatype=XSD.date)
    assert graph.value(period, DCAT.endDate) == Literal("2024-12-31", datatype=XSD.date)
    location = graph.value(ref, DCT.spatial)
    assert (location, RDF.type, DCT.Location) in graph
    assert str(graph.value(location, SKOS.prefLabel)) == "Toàn tỉnh Thái Nguyên"
    identifier = graph.value(ref, ADMS.identifier)
    assert str(graph.value(identifier, SKOS.notation)) == entry["catalogue_code"]

    licence = URIRef(entry["license_url"])
    assert graph.value(ref, DCT.license) == licence
    distribution = graph.value(ref, DCAT.distribution)
    assert graph.value(distribution, DCT.license) == licence
    assert graph.value(distribution, DCAT.accessURL) == URIRef(SECRET_URL)


@pytest.mark.parametrize("mode, right", [("default", "RESTRICTED"), ("special", "NON_PUBLIC")])
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_restricted_entry_keeps_its_distributions_without_links(app, mode, right, fmt):
    entry = full_entry(mode)
    graph, body = fetch(app, f"/dataset/{entry['name']}", fmt)
    ref = dataset_ref(graph, entry)
    assert graph.value(ref, DCT.accessRights) == URIRef(ACCESS_RIGHT + right)
    distribution = graph.value(ref, DCAT.distribution)
    assert str(graph.value(distribution, DCT.title)) == "Kết quả quan trắc"
    for predicate in (DCAT.accessURL, DCAT.downloadURL, DCAT.accessService):
        assert graph.value(distribution, predicate) is None
    assert "secret-dcat" not in body
    # Licence and access rights still tell the harvester what it may ask for.
    assert graph.value(distribution, DCT.license) is not None


def test_staff_of_the_agency_get_the_links_of_a_restricted_entry(app):
    org = factories.Organization()
    entry = full_entry("default", organization=org, shared_with=["all"])
    graph, _ = fetch(app, f"/dataset/{entry['name']}", headers=member_headers(org))
    distribution = graph.value(dataset_ref(graph, entry), DCAT.distribution)
    assert graph.value(distribution, DCAT.accessURL) == URIRef(SECRET_URL)


def test_links_ckanext_dcat_reads_from_other_resource_keys_are_withheld_too(app):
    # access_url / download_url are ckanext-dcat's resource fields: an API
    # client may store them as resource extras.
    entry = full_entry("special", resources=[{
        "name": "Dịch vụ", "url": SECRET_URL, "access_url": SECRET_URL + "?access",
        "download_url": SECRET_URL + "?download"}])
    stored = helpers.call_action("package_show", id=entry["id"])["resources"][0]
    assert stored["download_url"] == SECRET_URL + "?download"
    _, body = fetch(app, f"/dataset/{entry['name']}")
    assert "secret-dcat" not in body
