"""Malformed calls of every project action get a clean answer.

Every action the project's plugins register (``factories.project_actions``:
33 on CKAN 2.11 and 2.12 when written) is called through CKAN's HTTP API by
anonymous, a plain user, an organisation editor and a sysadmin, with up to
four parameters drawn from the names the project's action schemas know,
each a value of a wrong kind (wrong JSON types, huge numbers, huge text,
NUL, lone surrogates, odd dates, nested lists and dicts) or a real id so
that calls reach past authorisation. Each call must succeed or be refused
with 403, 404 or a field-level 409, never a 500 or an exception, and a
refused call must leave every table as it was.

Budget: ``EXAMPLES`` examples per action (33 x 12 = 396 calls a run),
derandomized so every run tries the same calls.
"""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import factories

EXAMPLES = 12


def test_malformed_calls_get_a_clean_answer(fuzz_world: dict[str, Any],
                                            assert_clean_call: Any) -> None:
    """One world for all actions (building it is most of the cost); every
    action's failure is reported, not only the first."""
    params = st.dictionaries(st.sampled_from(factories.parameter_names()),
                             factories.malformed(fuzz_world["refs"]), max_size=4)
    failures = []
    for action in factories.project_actions():
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck), print_blob=False)
        @given(role=st.sampled_from(factories.ROLES), data=params)
        def call(role: str, data: dict[str, Any]) -> None:
            assert_clean_call(role, action, data)

        try:
            call()
        except AssertionError as error:
            failures.append(str(error).splitlines()[0])
    assert not failures, "\n".join(failures)


@pytest.mark.usefixtures("with_plugins")
def test_every_project_action_is_fuzzed() -> None:
    """The suite finds the actions from the plugins: all of them, and only theirs."""
    actions = factories.project_actions()
    assert "thainguyen_access_request_approve" in actions
    assert "thainguyen_entry_score" in actions
    assert "thainguyen_funding_summary" in actions
    assert all(name.startswith("thainguyen_") for name in actions)
