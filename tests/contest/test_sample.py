"""The demo's sample contest loads, reloads without duplicates, and obeys
the same visibility rules as real entries."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.thainguyen.contest import sample as contest_sample
from ckanext.thainguyen.core import dates

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _load():
    site_user = helpers.call_action("get_site_user")
    return contest_sample.load({"user": site_user["name"], "ignore_auth": True})


@pytest.mark.ckan_config("ckan.display_timezone", "Asia/Ho_Chi_Minh")
def test_sample_contest_is_idempotent_and_published():
    assert _load() == {"contest edition created": 1, "contest entry created": 3}
    assert _load() == {"contest edition updated": 1, "contest entry updated": 3}

    # sample.yaml's moments carry Vietnam's offset: stored in UTC, shown as written.
    edition = helpers.call_action("thainguyen_contest_edition_show", id="dmst-2025")
    assert (edition["submission_opens"], edition["submission_closes"]) == (
        "2025-02-28T17:00:00Z", "2025-07-31T16:59:00Z")
    assert dates.local_text(edition["submission_closes"]) == "31/07/2025 23:59"

    anonymous = {"user": "", "ignore_auth": False}
    results = helpers.call_action("thainguyen_contest_results", anonymous, id="dmst-2025")
    assert results["published"] == "2025-10-15T02:00:00Z"
    ranking = [(r["name"], r["prize"]) for r in results["ranking"]]
    assert ranking == [("may-say-che-nang-luong-mat-troi", "first"),
                       ("ban-do-so-nong-san", "second"), ("loc-nuoc-song-cau", None)]
    # 0.3 * 9 + 0.3 * 8.5 + 0.4 * 9
    assert results["ranking"][0]["score"] == pytest.approx(8.85)

    winner = helpers.call_action("package_show", anonymous, id="may-say-che-nang-luong-mat-troi")
    assert winner["team"][0]["name"] == "Nguyễn Văn An" and "email" not in winner["team"][0]
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("package_show", anonymous, id="loc-nuoc-song-cau")
    public = helpers.call_action("package_search", anonymous, q="*:*", fq="dataset_type:innovation-entry")
    assert public["count"] == 2
