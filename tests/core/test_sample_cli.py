"""The demo portal's sample catalogue: the province's real proportions, loaded idempotently."""
from __future__ import annotations

import collections

import pytest

import ckan.cli.cli
from ckan.lib import search
from ckan.tests import helpers

from ckanext.thainguyen.catalogue import sample as catalogue
from ckanext.thainguyen.catalogue.sample import organization_titles

EXPECTED_MODES = {"open": 75, "default": 72, "special": 3}


def load_sample(cli):
    result = cli.invoke(ckan.cli.cli.ckan, ["thainguyen", "load-sample"])
    assert result.exit_code == 0, result.output
    counts = {}
    for line in result.output.splitlines():
        what, _, n = line.rpartition(": ")
        if n.isdigit():
            counts[what] = int(n)
    return counts


def _with_sample_agencies():
    """The sample's agencies (entries share with each other by name); the site user's context."""
    site_user = helpers.call_action("get_site_user")
    context = {"user": site_user["name"], "ignore_auth": True}
    for name, title in organization_titles().items():
        helpers.call_action("organization_create", context=dict(context), name=name, title=title)
    return context


def sysadmin_search(**params):
    site_user = helpers.call_action("get_site_user")
    return helpers.call_action("package_search", context={"user": site_user["name"]},
                               include_private=True, **params)


def test_generated_entries_match_the_provincial_catalogue():
    entries = catalogue.entries()
    assert collections.Counter(e["sharing_mode"] for e in entries) == EXPECTED_MODES
    assert len({e["name"] for e in entries}) == 150
    assert len({e["catalogue_code"] for e in entries}) == 150
    assert all(len(e["name"]) <= 100 for e in entries)
    assert len({e["owner_org"] for e in entries}) == len(organization_titles()) >= 15
    # Deterministic: the same file gives the same entries.
    assert [catalogue.content_hash(e) for e in entries] == [
        catalogue.content_hash(e) for e in catalogue.entries()]


def test_slugs_are_ascii_and_short():
    assert catalogue.slugify("Cơ sở dữ liệu đất đai tỉnh Thái Nguyên") == \
        "csdl-dat-dai-tinh-thai-nguyen"
    assert catalogue.slugify("Chỉ số chất lượng không khí (AQI) theo ngày") == \
        "chi-so-chat-luong-khong-khi-aqi-theo-ngay"


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestLoadSample:
    def test_loads_the_catalogue_once(self, cli):
        counts = load_sample(cli)
        assert counts["dataset created"] == 150
        # Other samples (science projects) bring agencies of their own.
        assert counts["organization created"] >= len(organization_titles())

        result = sysadmin_search(fq="+dataset_type:dataset", rows=0,
                                 **{"facet.field": '["sharing_mode", "organization"]',
                                    "facet.limit": 50})
        assert result["count"] == 150
        assert result["facets"]["sharing_mode"] == EXPECTED_MODES
        assert len(result["facets"]["organization"]) == len(organization_titles())
        # The mode decides CKAN's private flag: only open data is public.
        public = sysadmin_search(fq="+dataset_type:dataset +capacity:public", rows=0)
        assert public["count"] == 75

        before = helpers.call_action("package_show", id="csdl-dat-dai")["metadata_modified"]
        again = load_sample(cli)
        assert again["dataset unchanged"] == 150
        assert again.get("dataset created", 0) == 0
        assert again.get("dataset updated", 0) == 0
        assert again.get("organization created", 0) == 0
        assert again.get("organization updated", 0) == 0
        assert helpers.call_action(
            "package_show", id="csdl-dat-dai")["metadata_modified"] == before
        assert sysadmin_search(fq="+dataset_type:dataset", rows=0)["count"] == 150

    def test_a_changed_entry_is_updated_and_only_it(self):
        context = _with_sample_agencies()
        entries = [e for e in catalogue.entries() if e["owner_org"] == "so-y-te"]
        assert catalogue.load_entries(context, entries)["dataset created"] == len(entries)

        changed = [dict(e) for e in entries]
        changed[0]["title"] = changed[0]["title"] + " (bản cập nhật)"
        counts = catalogue.load_entries(context, changed)

        assert counts == {"dataset created": 0, "dataset updated": 1,
                          "dataset unchanged": len(entries) - 1}
        shown = helpers.call_action("package_show", id=changed[0]["name"])
        assert shown["title"].endswith("(bản cập nhật)")
        assert len(shown["resources"]) == 1

    def test_an_entry_clashing_with_local_data_is_reported_not_fatal(self):
        from tests.catalogue.factories import catalogue_entry

        context = _with_sample_agencies()
        entries = [e for e in catalogue.entries() if e["owner_org"] == "so-y-te"]
        # An entry made by hand already holds the first sample entry's code.
        catalogue_entry("open", owner_org="so-y-te", catalogue_code=entries[0]["catalogue_code"])

        counts = catalogue.load_entries(context, entries)

        assert counts["dataset failed"] == 1
        assert counts["dataset created"] == len(entries) - 1
        assert sysadmin_search(fq="+organization:so-y-te", rows=0)["count"] == len(entries)

    def test_entries_kept_in_the_database_are_indexed_into_an_empty_solr(self, cli):
        load_sample(cli)
        # A fresh Solr core beside a database kept from an earlier run.
        search.clear_all()
        assert sysadmin_search(fq="+dataset_type:dataset", rows=0)["count"] == 0

        again = load_sample(cli)

        assert again["dataset unchanged"] == 150
        assert sysadmin_search(fq="+dataset_type:dataset", rows=0)["count"] == 150
        # Contest and science records come back too, not only catalogue entries.
        everything = sysadmin_search(rows=0, **{"facet.field": '["dataset_type"]'})
        assert set(everything["facets"]["dataset_type"]) == {
            "dataset", "innovation-entry", "science-project"}
