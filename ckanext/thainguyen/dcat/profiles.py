"""The ``thainguyen_dcat_ap_3`` RDF profile: ckanext-dcat's DCAT-AP 3 plus the catalogue's own fields.

Registered through ckanext-dcat's ``ckan.rdf.profiles`` entry point and
named in ``ckanext.dcat.rdf.profiles``. It builds on ``euro_dcat_ap_3``
(title, description, keywords, dates, the publisher from the owner
organisation, the contact point from ``contact_name``/``contact_email``,
distributions) and adds, from the catalogue schema, with the EU vocabularies
of ``mapping``: ``dct:accessRights`` (sharing mode), ``dct:accrualPeriodicity``
(update frequency), ``dcat:theme`` (sector), ``dcatap:applicableLegislation``
(legal basis), ``dct:temporal``, ``dct:spatial``, ``dct:license`` and the
contact's telephone. ``parse_dataset`` reads all of them back.

The dicts it is given come from package_show or package_search as the
caller: personal data and embargoed values are already taken out
(``core.records``), and the resources of an entry whose data the caller may
not use carry ``thainguyen_access`` saying so (``catalogue.hooks``); their
distributions are described without any way to the data.
"""
from __future__ import annotations

import urllib.parse
from typing import Any, Optional

from rdflib import BNode, Literal, Namespace, URIRef

from ckan.model.license import LicenseRegister
from ckanext.dcat.profiles import (
    ADMS,
    DCAT,
    DCATAP,
    DCT,
    RDF,
    SKOS,
    VCARD,
    EuropeanDCATAP3Profile,
    URIRefOrLiteral,
)
from ckanext.dcat.utils import catalog_uri, resource_uri

from ckanext.thainguyen.catalogue.rules import CATALOGUE_TYPE, OPEN
from ckanext.thainguyen.dcat import mapping

ELI = Namespace("http://data.europa.eu/eli/ontology#")

# Resource keys that lead to the data (CKAN's and ckanext-dcat's).
DATA_LINK_KEYS = ("url", "access_url", "download_url", "access_services",
                  "cache_url", "original_url")
DATA_LINK_PREDICATES = (DCAT.accessURL, DCAT.downloadURL, DCAT.accessService)

TEL = "tel:"


def sector_concept_uri(sector: str) -> str:
    """The sector as a concept of the provincial scheme: the catalogue's facet page of that sector."""
    return f"{sector_scheme_uri()}?sector={urllib.parse.quote(sector)}"


def sector_scheme_uri() -> str:
    return f"{catalog_uri().rstrip('/')}/dataset/"


def shows_data(dataset_dict: dict[str, Any], resource: dict[str, Any]) -> bool:
    """Whether the caller the dicts were made for may use the resource's data."""
    access = resource.get("thainguyen_access") or dataset_dict.get("thainguyen_access")
    if isinstance(access, dict):
        return bool(access.get("data"))
    # No verdict for any caller (a dict not shown through CKAN's actions, e.g.
    # an ignore_auth export): only an open entry's data is for everyone.
    return dataset_dict.get("sharing_mode") == OPEN


def without_data_links(dataset_dict: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``dataset_dict`` whose resources the caller may not use keep no link to their data."""
    resources = []
    for resource in dataset_dict.get("resources") or []:
        if isinstance(resource, dict) and not shows_data(dataset_dict, resource):
            resource = {k: v for k, v in resource.items() if k not in DATA_LINK_KEYS}
        resources.append(resource)
    return dict(dataset_dict, resources=resources)


class ThainguyenDCATAP3Profile(EuropeanDCATAP3Profile):

    # ------------------------------------------------------------ CKAN -> RDF

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        if (dataset_dict.get("type") or CATALOGUE_TYPE) != CATALOGUE_TYPE:
            # Contest entries and science projects: whoever may read one may
            # use its files, and its dict comes redacted for the caller.
            super().graph_from_dataset(dataset_dict, dataset_ref)
            return
        dataset_dict = without_data_links(dataset_dict)
        super().graph_from_dataset(dataset_dict, dataset_ref)
        self._withhold_data_links(dataset_dict)
        self._add_access_rights(dataset_dict, dataset_ref)
        self._add_frequency(dataset_dict, dataset_ref)
        self._add_themes(dataset_dict, dataset_ref)
        self._add_legal_basis(dataset_dict, dataset_ref)
        self._add_temporal(dataset_dict, dataset_ref)
        self._add_spatial(dataset_dict, dataset_ref)
        self._add_license(dataset_dict, dataset_ref)
        self._add_telephone(dataset_dict, dataset_ref)
        self._add_catalogue_code(dataset_dict, dataset_ref)

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        super().graph_from_catalog(catalog_dict, catalog_ref)
        self.g.add((catalog_ref, DCAT.themeTaxonomy,
                    URIRef(mapping.vocabulary(mapping.THEME).scheme)))

    def _withhold_data_links(self, dataset_dict: dict[str, Any]) -> None:
        # Whatever another key mapped to a link, none goes out for a withheld resource.
        for resource in dataset_dict.get("resources") or []:
            if not isinstance(resource, dict) or shows_data(dataset_dict, resource):
                continue
            distribution = URIRef(resource_uri(resource))
            for predicate in DATA_LINK_PREDICATES:
                for link in list(self.g.objects(distribution, predicate)):
                    self.g.remove((distribution, predicate, link))
                    self.g.remove((link, None, None))

    def _add_concept(self, dataset_ref: Any, predicate: Any, vocabulary: str,
                     value: Any, concept_class: Any) -> None:
        uri = mapping.vocabulary(vocabulary).uri(value)
        if not uri:
            return
        self.g.remove((dataset_ref, predicate, None))
        self.g.add((dataset_ref, predicate, URIRef(uri)))
        self.g.add((URIRef(uri), RDF.type, concept_class))

    def _add_access_rights(self, dataset_dict, dataset_ref):
        self._add_concept(dataset_ref, DCT.accessRights, mapping.ACCESS_RIGHTS,
                          dataset_dict.get("sharing_mode"), DCT.RightsStatement)

    def _add_frequency(self, dataset_dict, dataset_ref):
        self._add_concept(dataset_ref, DCT.accrualPeriodicity, mapping.FREQUENCY,
                          dataset_dict.get("update_frequency"), DCT.Frequency)

    def _add_themes(self, dataset_dict, dataset_ref):
        sector = dataset_dict.get("sector")
        if not sector:
            return
        themes = mapping.vocabulary(mapping.THEME)
        eu_theme = themes.uri(sector)
        if eu_theme:
            self.g.add((dataset_ref, DCAT.theme, URIRef(eu_theme)))
            self.g.add((URIRef(eu_theme), RDF.type, SKOS.Concept))
            self.g.add((URIRef(eu_theme), SKOS.inScheme, URIRef(themes.scheme)))
        local = URIRef(sector_concept_uri(str(sector)))
        self.g.add((dataset_ref, DCAT.theme, local))
        self.g.add((local, RDF.type, SKOS.Concept))
        self.g.add((local, SKOS.notation, Literal(str(sector))))
        self.g.add((local, SKOS.inScheme, URIRef(sector_scheme_uri())))
        for lang, label in self._choice_labels("sector", sector).items():
            self.g.add((local, SKOS.prefLabel, Literal(label, lang=lang)))

    def _choice_labels(self, field_name: str, value: Any) -> dict[str, str]:
        for choice in (self._schema_field(field_name) or {}).get("choices") or []:
            if choice.get("value") == value and isinstance(choice.get("label"), dict):
                return choice["label"]
        return {}

    def _add_legal_basis(self, dataset_dict, dataset_ref):
        text = dataset_dict.get("legal_basis")
        if not text:
            return
        node = URIRefOrLiteral(text)
        if isinstance(node, Literal):
            # A decision by its number and title: a legal resource without a URI.
            node = BNode()
            self.g.add((node, DCT.title, Literal(text)))
        self.g.add((dataset_ref, DCATAP.applicableLegislation, node))
        self.g.add((node, RDF.type, ELI.LegalResource))

    def _add_temporal(self, dataset_dict, dataset_ref):
        start = dataset_dict.get("temporal_coverage_start")
        end = dataset_dict.get("temporal_coverage_end")
        if not (start or end):
            return
        period = BNode()
        self.g.add((period, RDF.type, DCT.PeriodOfTime))
        self._add_date_triple(period, DCAT.startDate, start)
        self._add_date_triple(period, DCAT.endDate, end)
        self.g.add((dataset_ref, DCT.temporal, period))

    def _add_spatial(self, dataset_dict, dataset_ref):
        text = dataset_dict.get("spatial_coverage")
        if not text or not isinstance(text, str):
            return
        location = BNode()
        self.g.add((location, RDF.type, DCT.Location))
        self.g.add((location, SKOS.prefLabel, Literal(text)))
        self.g.add((dataset_ref, DCT.spatial, location))

    def _add_license(self, dataset_dict, dataset_ref):
        license_id = dataset_dict.get("license_id")
        if not license_id:
            return
        node = URIRefOrLiteral(dataset_dict.get("license_url") or "")
        if not isinstance(node, URIRef):
            node = BNode()
            self.g.add((node, DCT.identifier, Literal(license_id)))
            if dataset_dict.get("license_title"):
                self.g.add((node, DCT.title, Literal(dataset_dict["license_title"])))
        self.g.add((node, RDF.type, DCT.LicenseDocument))
        self.g.add((dataset_ref, DCT.license, node))
        for distribution in self.g.objects(dataset_ref, DCAT.distribution):
            if (distribution, DCT.license, None) not in self.g:
                self.g.add((distribution, DCT.license, node))

    def _add_telephone(self, dataset_dict, dataset_ref):
        phone = dataset_dict.get("contact_phone")
        if not phone:
            return
        contact = next(iter(self.g.objects(dataset_ref, DCAT.contactPoint)), None)
        if contact is None:
            contact = BNode()
            self.g.add((contact, RDF.type, VCARD.Organization))
            self.g.add((dataset_ref, DCAT.contactPoint, contact))
        # RFC 3966: visual separators, not spaces.
        self.g.add((contact, VCARD.hasTelephone, URIRef(TEL + "-".join(str(phone).split()))))

    def _add_catalogue_code(self, dataset_dict, dataset_ref):
        code = dataset_dict.get("catalogue_code")
        if not code:
            return
        identifier = BNode()
        self.g.add((dataset_ref, ADMS.identifier, identifier))
        self.g.add((identifier, RDF.type, ADMS.Identifier))
        self.g.add((identifier, SKOS.notation, Literal(code)))

    # ------------------------------------------------------------ RDF -> CKAN

    def parse_dataset(self, dataset_dict, dataset_ref):
        dataset_dict = super().parse_dataset(dataset_dict, dataset_ref)
        fields = {
            "sharing_mode": mapping.vocabulary(mapping.ACCESS_RIGHTS).value(
                self._object(dataset_ref, DCT.accessRights)),
            "update_frequency": mapping.vocabulary(mapping.FREQUENCY).value(
                self._object(dataset_ref, DCT.accrualPeriodicity)),
            "sector": self._parsed_sector(dataset_ref),
            "legal_basis": self._parsed_legal_basis(dataset_ref),
            "spatial_coverage": self._parsed_spatial(dataset_ref),
            "license_id": self._parsed_license(dataset_ref),
            "contact_phone": self._parsed_telephone(dataset_ref),
            "catalogue_code": self._parsed_catalogue_code(dataset_ref),
            "owner_org": self._parsed_owner_org(dataset_ref),
        }
        start, end = self._time_interval(dataset_ref, DCT.temporal, dcat_ap_version=2)
        fields.update(temporal_coverage_start=_date_only(start), temporal_coverage_end=_date_only(end))
        # What the base profiles left as extras is now on the catalogue's fields.
        moved = ["access_rights", "frequency", "theme", "temporal_start", "temporal_end",
                 "spatial_text", "spatial_uri", "applicable_legislation", "alternate_identifier"]
        if fields["owner_org"]:
            moved += ["publisher_uri", "publisher_name"]
        _drop_extras(dataset_dict, moved)
        dataset_dict.update({key: value for key, value in fields.items() if value})
        return dataset_dict

    def _parsed_sector(self, dataset_ref) -> Optional[str]:
        themes = list(self.g.objects(dataset_ref, DCAT.theme))
        prefix = sector_concept_uri("")
        for theme in themes:
            if str(theme).startswith(prefix):
                return urllib.parse.unquote(str(theme)[len(prefix):])
        vocabulary = mapping.vocabulary(mapping.THEME)
        return next((vocabulary.value(t) for t in themes if vocabulary.value(t)), None)

    def _parsed_legal_basis(self, dataset_ref) -> Optional[str]:
        for node in self.g.objects(dataset_ref, DCATAP.applicableLegislation):
            if isinstance(node, URIRef):
                return str(node)
            title = self._object_value(node, DCT.title)
            if title:
                return title
        return None

    def _parsed_spatial(self, dataset_ref) -> Optional[str]:
        for location in self.g.objects(dataset_ref, DCT.spatial):
            label = self._object_value(location, SKOS.prefLabel)
            if label:
                return label
        return None

    def _parsed_license(self, dataset_ref) -> Optional[str]:
        node = self._object(dataset_ref, DCT.license)
        if node is None:
            return None
        if isinstance(node, URIRef):
            by_url = {license.url: license_id for license_id, license in LicenseRegister().items()
                      if license.url}
            return by_url.get(str(node))
        return self._object_value(node, DCT.identifier) or None

    def _parsed_telephone(self, dataset_ref) -> Optional[str]:
        for contact in self.g.objects(dataset_ref, DCAT.contactPoint):
            phone = self._object(contact, VCARD.hasTelephone)
            if phone is not None and str(phone).startswith(TEL):
                return urllib.parse.unquote(str(phone)[len(TEL):])
        return None

    def _parsed_catalogue_code(self, dataset_ref) -> Optional[str]:
        for identifier in self.g.objects(dataset_ref, ADMS.identifier):
            code = self._object_value(identifier, SKOS.notation)
            if code:
                return code
        return None

    def _parsed_owner_org(self, dataset_ref) -> Optional[str]:
        # Publishers of this catalogue are its organisations (ckanext-dcat's
        # fallback URI: <catalogue>/organization/<id>).
        prefix = f"{catalog_uri().rstrip('/')}/organization/"
        for publisher in self.g.objects(dataset_ref, DCT.publisher):
            if isinstance(publisher, URIRef) and str(publisher).startswith(prefix):
                return str(publisher)[len(prefix):]
        return None


def _drop_extras(dataset_dict: dict[str, Any], keys: list[str]) -> None:
    dataset_dict["extras"] = [extra for extra in dataset_dict.get("extras") or []
                              if extra.get("key") not in keys]


def _date_only(value: Optional[str]) -> Optional[str]:
    # Dates are published as xsd:date; a harvested xsd:dateTime keeps its day.
    return value[:10] if value else None
