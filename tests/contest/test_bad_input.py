"""Malformed input to the contest actions: a field-level 409 or a 404,
never a 500 (issue 9)."""
from __future__ import annotations

import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.contest import factories as contest_factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.mark.parametrize("bad_id", [["dmst-2025"], {"id": "x"}, 7, True,
                                    "dmst\x00", "\udfff"])
def test_anonymous_lookups_with_ids_of_the_wrong_kind_are_not_a_crash(app, bad_id):
    contest_factories.contest_org()
    contest_factories.make_edition()
    for action in ("thainguyen_contest_edition_show", "thainguyen_contest_results",
                   "thainguyen_entry_status_history"):
        response = app.post(f"/api/3/action/{action}", json={"id": bad_id})
        assert response.status_code in (403, 404, 409), (action, response.status_code)


def test_megabyte_rules_are_refused_with_their_limit():
    contest_factories.contest_org()
    with pytest.raises(tk.ValidationError) as refusal:
        contest_factories.make_edition(rules="r" * (1 << 20))
    assert list(refusal.value.error_dict) == ["rules"]


@pytest.mark.parametrize("remove", [1, [], {"a": 1}, "maybe"])
def test_the_remove_flag_takes_true_or_false_only(remove):
    contest_factories.contest_org()
    edition = contest_factories.make_edition()
    with pytest.raises(tk.ValidationError) as refusal:
        helpers.call_action("thainguyen_judge_assign", {"user": factories.Sysadmin()["name"]},
                            id=edition["id"], user=factories.User()["name"], remove=remove)
    assert "remove" in refusal.value.error_dict
