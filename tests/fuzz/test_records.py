"""Malformed records of every type get a clean answer from package_create and package_update.

For each record type (catalogue entries ``dataset``, ``innovation-entry``,
``science-project``) a valid record has one to three of its scheming fields
(dataset and resource fields, plus CKAN's own keys) replaced by malformed
values, and is sent by each of the four roles; the same rules as
``test_actions`` hold. Budget: ``EXAMPLES`` examples per record type and
action (3 x 2 x 25 = 150 calls a run), derandomized.
"""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import factories

EXAMPLES = 25
CORE_KEYS = ["id", "name", "owner_org", "private", "state", "type", "extras", "tags", "groups"]
# A megabyte only where it once reached PostgreSQL's index rows and Solr's terms.
MEGABYTE_FIELDS = ["title", "notes"]


def _mutations(dataset_type: str, refs: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    dataset_fields, resource_fields = factories.record_fields(dataset_type)
    values = factories.malformed(refs)
    dataset_part = st.dictionaries(st.sampled_from(dataset_fields + CORE_KEYS), values,
                                   min_size=1, max_size=3)
    resource = st.fixed_dictionaries(
        {"url": st.one_of(st.just("http://example.org/data.csv"), values)},
        optional={f: values for f in resource_fields if f != "url"})
    resources = st.one_of(st.none(), values, st.lists(resource, min_size=1, max_size=2))
    megabyte = st.sampled_from(MEGABYTE_FIELDS).map(lambda f: {f: "t" * (1 << 20)})
    return st.one_of(
        dataset_part,
        st.builds(lambda d, r: dict(d, resources=r), dataset_part, resources),
        megabyte,
    )


def test_malformed_records_get_a_clean_answer(fuzz_world: dict[str, Any],
                                              assert_clean_call: Any) -> None:
    failures = []
    for dataset_type in factories.RECORD_TYPES:
        for action in ("package_create", "package_update"):
            record = fuzz_world["records"][dataset_type]

            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck), print_blob=False)
            @given(role=st.sampled_from(factories.ROLES),
                   changes=_mutations(dataset_type, fuzz_world["refs"]))
            def call(role: str, changes: dict[str, Any]) -> None:
                data = factories.valid_record(fuzz_world, dataset_type)
                if action == "package_update":
                    data["id"] = record["id"]
                    data.pop("name")
                data.update(changes)
                assert_clean_call(role, action, data)

            try:
                call()
            except AssertionError as error:
                failures.append(str(error).splitlines()[0])
    assert not failures, "\n".join(failures)
