"""ckanext-dcat indexes each subfield of a repeating field on its own: personal ones never reach Solr.

CKAN 2.12 indexes a dataset as its schema validates it (not as package_show
shows it), so when ckanext-dcat's hook runs before ours the flattened copy is
made from the whole team, e-mails and phones included.
"""
from __future__ import annotations

import pytest
from freezegun import freeze_time

from ckan.tests import factories, helpers

from tests.contest.factories import SUBMISSIONS_OPEN, submitted_entry

DCAT_FIRST = ("dcat activity datastore scheming_datasets thainguyen thainguyen_contest "
              "thainguyen_science thainguyen_dcat")


def _found(query: str) -> int:
    sysadmin = factories.Sysadmin()
    return helpers.call_action("package_search", {"user": sysadmin["name"]}, q=query,
                               include_private=True)["count"]


def _check_team_index() -> None:
    with freeze_time(SUBMISSIONS_OPEN):
        _, _, entry = submitted_entry()
    # ckanext-dcat's flattened copy is there (the names are not personal)...
    assert _found(f'extras_team__name:"{entry["team"][0]["name"]}"') == 1
    # ...without the e-mails and phones.
    assert _found("extras_team__email:*") == 0
    assert _found("extras_team__phone:*") == 0
    assert _found(f'"{entry["team"][0]["email"]}"') == 0


@pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins")
def test_with_the_plugins_of_test_ini():
    _check_team_index()


@pytest.mark.ckan_config("ckan.plugins", DCAT_FIRST)
@pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins")
def test_with_ckanext_dcat_listed_first():
    _check_team_index()
