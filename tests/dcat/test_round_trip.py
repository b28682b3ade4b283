"""ckanext-dcat's own parser reads the extension's DCAT-AP 3 back into catalogue dataset dicts."""
from __future__ import annotations

import re

import pytest

from ckan.tests import factories, helpers
from ckanext.dcat.processors import RDFParser, RDFSerializer
from ckanext.scheming.helpers import scheming_get_dataset_schema

from tests.dcat.conftest import FORMATS, FULL_ENTRY, full_entry

pytestmark = pytest.mark.usefixtures("site")

PROFILES = ["thainguyen_dcat_ap_3"]
PUBLISHED = ("title", "notes", "sector", "update_frequency", "legal_basis",
             "temporal_coverage_start", "temporal_coverage_end", "spatial_coverage",
             "contact_name", "contact_email", "sharing_mode", "license_id",
             "catalogue_code", "owner_org")


def parsed(body: str, fmt: str) -> dict:
    parser = RDFParser(profiles=PROFILES)
    parser.parse(body, _format=FORMATS[fmt])
    datasets = list(parser.datasets())
    assert len(datasets) == 1
    return datasets[0]


def digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


@pytest.mark.parametrize("mode", ["open", "default", "special"])
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_published_field_comes_back(app, mode, fmt):
    entry = full_entry(mode)
    body = app.get(f"/dataset/{entry['name']}.{fmt}").get_data(as_text=True)
    back = parsed(body, fmt)
    assert {key: back.get(key) for key in PUBLISHED} == {key: entry[key] for key in PUBLISHED}
    assert digits(back["contact_phone"]) == digits(FULL_ENTRY["contact_phone"])


def _choices(field: str) -> list[str]:
    schema = scheming_get_dataset_schema("dataset")
    block = next(f for f in schema["dataset_fields"] if f["field_name"] == field)
    return [choice["value"] for choice in block["choices"]]


def test_every_sector_frequency_and_mode_comes_back():
    # Several sectors share an EU data theme: the sector's own concept tells them apart.
    sectors, frequencies = _choices("sector"), _choices("update_frequency")
    modes = _choices("sharing_mode")
    for number, sector in enumerate(sectors):
        dataset = {"id": f"id-{number}", "name": f"entry-{number}", "title": sector,
                   "type": "dataset", "sector": sector, "resources": [],
                   "update_frequency": frequencies[number % len(frequencies)],
                   "sharing_mode": modes[number % len(modes)]}
        serializer = RDFSerializer(profiles=PROFILES)
        back = parsed(serializer.serialize_dataset(dataset, _format="turtle"), "ttl")
        assert (back["sector"], back["update_frequency"], back["sharing_mode"]) == (
            dataset["sector"], dataset["update_frequency"], dataset["sharing_mode"])


def test_a_parsed_entry_can_be_created_again(app):
    """What the parser reads is a catalogue entry's dict: package_create takes it."""
    entry = full_entry("open")
    back = parsed(app.get(f"/dataset/{entry['name']}.ttl").get_data(as_text=True), "ttl")
    sysadmin = factories.Sysadmin()
    fields = {key: back[key] for key in PUBLISHED + ("contact_phone",)}
    copy = helpers.call_action("package_create", {"user": sysadmin["name"]},
                               name="ban-sao", **dict(fields, catalogue_code="TN-CSDL-999"))
    assert copy["sector"] == entry["sector"]
    assert copy["temporal_coverage_end"] == entry["temporal_coverage_end"]
    assert copy["owner_org"] == entry["owner_org"]
