"""Resource URLs: web links and uploads only, on every record type."""
from __future__ import annotations

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.catalogue.factories import catalogue_entry
from tests.contest.factories import SUBMISSIONS_OPEN, as_user, contest_org, make_edition, make_entry
from tests.science.factories import create_project

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

REFUSED = ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>",
           "file:///etc/passwd", "a[b", "//evil.example/x", "vbscript:msgbox(1)"]


@pytest.mark.parametrize("url", REFUSED)
def test_a_catalogue_resource_refuses_what_is_not_a_web_link(url):
    entry = catalogue_entry("open")
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("resource_create", package_id=entry["id"], url=url, name="Bảng")
    assert "url" in str(refused.value.error_dict)
    assert helpers.call_action("package_show", id=entry["id"])["resources"] == []


@pytest.mark.parametrize("url", ["ftp://ftp.example.org/dat-dai.csv", "https://data.example.org/a.csv",
                                 "HTTP://DATA.EXAMPLE.ORG/A.CSV"])
def test_an_unclassified_dataset_takes_the_links_ckan_takes(url):
    # The site's own dataset, written by a harvester before any steward classified it.
    dataset = factories.Dataset(owner_org=factories.Organization()["id"])
    resource = helpers.call_action("resource_create", {"user": factories.Sysadmin()["name"]},
                                   package_id=dataset["id"], url=url, name="Bảng")
    assert resource["url"] == url


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "data:text/html,<b>x</b>",
                                 "file:///etc/passwd"])
def test_an_unclassified_dataset_refuses_a_link_a_browser_would_run(url):
    dataset = factories.Dataset(owner_org=factories.Organization()["id"])
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("resource_create", package_id=dataset["id"], url=url, name="Bảng")
    assert "url" in str(refused.value.error_dict)
    assert helpers.call_action("package_show", id=dataset["id"])["resources"] == []


@pytest.mark.parametrize("url", ["ftp://ftp.example.org/dat-dai.csv", "gopher://example.org/dat-dai"])
def test_classifying_a_dataset_brings_the_web_link_rule(url):
    dataset = factories.Dataset(owner_org=factories.Organization()["id"],
                                resources=[{"url": url, "name": "Bảng"}])
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("package_patch", {"user": factories.Sysadmin()["name"]},
                            id=dataset["id"], sharing_mode="open", license_id="cc-by",
                            catalogue_code="TN-001")
    assert "resources" in refused.value.error_dict


def test_web_links_are_accepted_and_editing_stays_possible():
    entry = catalogue_entry("open")
    sysadmin = {"user": factories.Sysadmin()["name"]}
    resource = helpers.call_action("resource_create", dict(sysadmin), package_id=entry["id"],
                                   url="https://data.thainguyen.gov.vn/bang.csv", name="Bảng")
    patched = helpers.call_action("package_patch", dict(sysadmin), id=entry["id"], title="Tên mới")
    assert patched["resources"][0]["url"] == resource["url"]


def test_a_contest_attachment_cannot_be_a_javascript_link():
    with freeze_time(SUBMISSIONS_OPEN):
        contest_org()
        edition = make_edition()
        entrant = factories.User()
        entry = make_entry(entrant, edition)
        with pytest.raises(tk.ValidationError):
            helpers.call_action("thainguyen_entry_attach", as_user(entrant), id=entry["id"],
                                name="Bản trình bày", url="javascript:alert(1)")
        assert helpers.call_action("package_show", id=entry["id"])["resources"] == []


def test_a_science_project_output_link_is_checked_too():
    org = factories.Organization()
    project = create_project(org["id"])
    with pytest.raises(tk.ValidationError):
        helpers.call_action("resource_create", package_id=project["id"], url="javascript:x()",
                            name="Báo cáo")
