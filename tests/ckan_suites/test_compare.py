"""The comparison behind scripts/core-suites.sh, on small junit reports (no CKAN needed)."""
from __future__ import annotations

import io
import os

import pytest

from tests.ckan_suites import compare

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "..", "README.md"), encoding="utf-8") as _readme:
    README = _readme.read()
SUITES = ["ckan/tests/logic/auth", "ckan/tests/logic/action/test_update.py"]


def _case(test_id: str, outcome: str, reruns: int = 0) -> str:
    path, _, rest = test_id.partition("::")
    classname = path[:-3].replace("/", ".") + ("." + rest.split("::")[0] if "::" in rest else "")
    inner = {"passed": "", "failed": '<failure message="AssertionError: boom">trace</failure>',
             "error": '<error message="fixture failed">trace</error>',
             "skipped": '<skipped message="skip" />'}[outcome]
    return (f'<testcase classname="{classname}" name="{rest.split("::")[-1]}">'
            f'<properties><property name="nodeid" value="{test_id}" />'
            + (f'<property name="reruns" value="{reruns}" />' if reruns else "")
            + f'</properties>{inner}</testcase>')


def _report(tmp_path, name: str, cases: dict[str, str]) -> str:
    path = tmp_path / name
    body = "".join(_case(test_id, outcome) for test_id, outcome in cases.items())
    path.write_text(f'<?xml version="1.0"?><testsuites><testsuite name="pytest">{body}</testsuite></testsuites>')
    return str(path)


def _expected(tmp_path, entries: dict[str, str]) -> str:
    import yaml

    path = tmp_path / "expected.yaml"
    path.write_text(yaml.safe_dump([{"test": t, "variant": "ours", "reason": r} for t, r in entries.items()]))
    return str(path)


A = "ckan/tests/logic/auth/test_get.py::TestX::test_a"
B = "ckan/tests/logic/auth/test_get.py::TestX::test_b"
C = "ckan/tests/logic/action/test_update.py::TestY::test_c[1]"
D = "ckan/tests/logic/action/test_update.py::test_d"


def _run(tmp_path, stock, ours, expected, suites=SUITES):
    args = ["--stock", _report(tmp_path, "stock.xml", stock), "--ours", _report(tmp_path, "ours.xml", ours),
            "--expected", _expected(tmp_path, expected), *suites]
    out = io.StringIO()
    c = compare.compare(compare.read_report(args[1]), compare.read_report(args[3]),
                        compare.read_expected(args[5]), suites)
    compare.report(c, compare.read_expected(args[5]), suites, out=out)
    return c, out.getvalue(), compare.main(args)


def test_failing_on_stock_too_is_not_ours(tmp_path):
    c, _, status = _run(tmp_path, {A: "failed", B: "passed"}, {A: "error", B: "passed"}, {})
    assert c.unexpected == [] and status == 0


def test_failing_with_the_extension_only_fails_the_step(tmp_path):
    c, text, status = _run(tmp_path, {A: "passed", B: "skipped"}, {A: "failed", B: "error"}, {})
    assert c.unexpected == [A, B] and status == 1
    assert "UNEXPECTED differences (2)" in text and "AssertionError: boom" in text


def test_missing_with_the_extension_is_a_difference(tmp_path):
    c, _, status = _run(tmp_path, {A: "passed", B: "passed"}, {A: "passed"}, {})
    assert c.unexpected == [B] and status == 1


def test_listed_difference_passes_the_step(tmp_path):
    c, text, status = _run(tmp_path, {A: "passed"}, {A: "failed"}, {A: 'README: "because"'})
    assert c.expected == [A] and c.ok and status == 0
    assert 'README: "because"' in text


def test_listed_test_that_no_longer_differs_is_stale(tmp_path):
    c, text, status = _run(tmp_path, {A: "passed", C: "failed"}, {A: "passed", C: "failed"},
                           {A: "r", C: "r", D: "r"})
    assert [t for t, _ in c.stale] == sorted([A, C, D]) and status == 1
    assert "STALE expected differences (3)" in text


def test_listed_test_of_a_suite_not_run_is_not_stale(tmp_path):
    c, _, status = _run(tmp_path, {A: "passed"}, {A: "passed"}, {C: "r"}, suites=SUITES[:1])
    assert c.stale == [] and status == 0


def test_listed_test_left_out_by_a_selection_is_not_stale(tmp_path):
    stock = compare.read_report(_report(tmp_path, "s.xml", {A: "passed"}))
    ours = compare.read_report(_report(tmp_path, "o.xml", {A: "passed"}))
    assert compare.compare(stock, ours, {B: "r"}, SUITES, partial=True).stale == []
    assert compare.compare(stock, ours, {B: "r"}, SUITES).stale == [(B, "no such test any more")]


def test_counts_per_suite(tmp_path):
    c, text, _ = _run(tmp_path, {A: "passed", B: "failed", C: "skipped"},
                      {A: "passed", B: "failed", C: "failed"}, {})
    assert c.counts["ckan/tests/logic/auth"]["stock"] == {"passed": 1, "failed": 1, "skipped": 0}
    assert c.counts["ckan/tests/logic/action/test_update.py"]["ours"] == {"passed": 0, "failed": 1, "skipped": 0}
    assert text.splitlines()[-1] == ("core suites: stock 1 passed, 1 failed, 1 skipped; with the extension "
                                     "1 passed, 2 failed, 0 skipped; 0 expected differences, 1 unexpected, "
                                     "0 stale -> FAILED")


def test_teardown_error_after_a_pass_counts_as_a_failure(tmp_path):
    path = tmp_path / "r.xml"
    path.write_text('<testsuites><testsuite>' + _case(A, "passed") + _case(A, "error") + '</testsuite></testsuites>')
    assert compare.read_report(str(path))[A].outcome == compare.FAILED


@pytest.mark.parametrize("variant", compare.VARIANTS)
def test_the_shipped_list_is_well_formed(variant):
    expected = compare.read_expected(os.path.join(HERE, "expected_differences.yaml"), variant)
    for test_id, reason in expected.items():
        assert "::" in test_id, test_id
        assert "README" in reason, f"{test_id}: the reason must point to the README sentence"
        quoted = reason.rsplit('"', 2)[-2].rstrip(".")
        assert quoted in README, f"{test_id}: the README does not say {quoted!r}"


def test_entries_apply_to_their_variant_only(tmp_path):
    path = tmp_path / "e.yaml"
    path.write_text(f"- {{test: '{A}', variant: catalogue, reason: r1}}\n"
                    f"- {{test: '{A}', variant: ours, reason: r2}}\n"
                    f"- {{test: '{B}', variant: catalogue, reason: r3}}\n")
    assert compare.read_expected(str(path), "ours") == {A: "r2"}
    assert compare.read_expected(str(path), "catalogue") == {A: "r1", B: "r3"}
    path.write_text(f"- {{test: '{A}', variant: elsewhere, reason: r}}\n")
    with pytest.raises(ValueError):
        compare.read_expected(str(path))


def test_only_the_suites_given_are_compared(tmp_path):
    # Stock ran more suites than the variant: the others are not "missing".
    stock = {A: compare.Result("passed"), C: compare.Result("passed")}
    ours = {A: compare.Result("passed")}
    c = compare.compare(stock, ours, {}, SUITES[:1])
    assert c.ok and c.unexpected == [] and list(c.counts) == [SUITES[0]]
    assert compare.compare(stock, ours, {}, SUITES).unexpected == [C]


def test_a_pass_on_a_rerun_is_a_pass_and_is_reported(tmp_path):
    path = tmp_path / "o.xml"
    path.write_text('<testsuites><testsuite>' + _case(A, "passed", reruns=1) + '</testsuite></testsuites>')
    ours = compare.read_report(str(path))
    assert ours[A] == compare.Result("passed", "", 1)
    c = compare.compare({A: compare.Result("passed")}, ours, {}, SUITES)
    out = io.StringIO()
    compare.report(c, {}, SUITES, out=out)
    assert c.ok and f"passed on a rerun only, with the extension (1):\n  {A}" in out.getvalue()


def test_an_entry_without_a_reason_is_refused(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(f"- test: {A}\n  variant: ours\n")
    with pytest.raises(ValueError):
        compare.read_expected(str(path))


def test_stock_runs_the_failures_of_every_variant(tmp_path):
    ours = _report(tmp_path, "ours.xml", {A: "failed", B: "passed", C: "skipped"})
    catalogue = _report(tmp_path, "catalogue.xml", {A: "error", D: "failed"})
    assert compare.failed_ids([ours, catalogue]) == sorted([A, D])


def test_a_failure_stock_did_not_run_is_a_difference(tmp_path):
    # Stock CKAN runs only what failed with the extension: a failure it has
    # no result for was never compared, and must not pass unnoticed.
    c, _, status = _run(tmp_path, {A: "failed"}, {A: "failed", B: "passed", D: "failed"}, {})
    assert c.unexpected == [D] and status == 1


def test_passes_stock_did_not_run_are_no_difference_and_not_stale(tmp_path):
    c, _, status = _run(tmp_path, {A: "failed"}, {A: "failed", B: "passed"}, {})
    assert c.unexpected == [] and c.stale == [] and status == 0
    c, _, status = _run(tmp_path, {}, {B: "passed"}, {B: "CKAN's own suites, stock beside ours"})
    assert [t for t, _ in c.stale] == [B] and status == 1
