"""The demo's science projects reproduce the province's published figures."""
from __future__ import annotations

import pytest

from ckan.tests import helpers

from ckanext.thainguyen.science import sample
from tests.science.factories import department_org, site_context

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _load():
    return sample.load(site_context())


def test_sample_reproduces_the_report_and_loads_idempotently():
    # The science department; the projects' hosts come with the science
    # sample, and the catalogue sample (loaded first by ``load-sample``) is
    # not needed for these figures.
    department_org()
    counts = _load()
    assert counts["science project created"] == 7
    anonymous = {"user": "", "ignore_auth": False}

    year_2025 = helpers.call_action("thainguyen_funding_summary", context=anonymous,
                                    year_from=2025, year_to=2025)["totals"]
    assert year_2025["state_budget_vnd"] == 54_200_000_000      # "more than 54 billion"

    both = helpers.call_action("thainguyen_funding_summary", context=anonymous,
                               year_from=2024, year_to=2025)["totals"]
    assert (both["state_budget_vnd"], both["non_budget_vnd"]) == (98_000_000_000, 42_000_000_000)
    assert both["counterpart_share"] == 0.3                    # "30 % over 2024–2025"
    # The proposed project is not public.
    assert helpers.call_action("thainguyen_funding_summary", context=anonymous)["totals"]["project_count"] == 6

    again = _load()
    assert again["science project updated"] == 7
    assert helpers.call_action("thainguyen_funding_summary", context=anonymous,
                               year_from=2024, year_to=2025)["totals"] == both
