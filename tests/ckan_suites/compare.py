"""Compare CKAN's own suites run on stock CKAN and with the extension.

    python -m tests.ckan_suites.compare --stock stock.xml --ours ours.xml \
        --expected tests/ckan_suites/expected_differences.yaml SUITE...
    python -m tests.ckan_suites.compare --failed-ids ours.xml catalogue.xml

Reads both junit XML reports (written by pytest with ``-p
tests.ckan_suites.loader``, which records each test's pytest id), prints
per suite how many tests passed, failed and were skipped in each run, then
every difference. A test that fails on stock too is not ours. A test that
passes (or is skipped) on stock but fails, or is missing, with the extension
is a difference: expected when it is listed in the expected-differences file,
unexpected otherwise. A listed test that no longer differs is stale (it
passes with the extension again, or it no longer exists). Exit status 1 when
there is any unexpected difference or stale entry, 2 when a report is
missing or unreadable.
"""
from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Iterable

PASSED, FAILED, SKIPPED, MISSING = "passed", "failed", "skipped", "missing"
OTHER = "(other)"


@dataclass
class Result:
    outcome: str
    message: str = ""
    reruns: int = 0


def _property(case: ET.Element, name: str) -> str | None:
    for prop in case.iter("property"):
        if prop.get("name") == name:
            return prop.get("value")
    return None


def _test_id(case: ET.Element) -> str:
    nodeid = _property(case, "nodeid")
    if nodeid:
        return nodeid
    # No recorded id (e.g. a module that failed to import): class and name.
    classname, name = case.get("classname") or "", case.get("name") or ""
    return f"{classname}::{name}" if classname else name


def read_report(path: str) -> dict[str, Result]:
    results: dict[str, Result] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        outcome, message = PASSED, ""
        for tag in ("failure", "error"):
            found = case.find(tag)
            if found is not None:
                outcome = FAILED
                message = (found.get("message") or found.text or "").strip()
                break
        else:
            if case.find("skipped") is not None:
                outcome = SKIPPED
        test_id = _test_id(case)
        previous = results.get(test_id)
        # A test that passed and then errored at teardown appears twice.
        if previous is None or outcome == FAILED:
            results[test_id] = Result(outcome, message, int(_property(case, "reruns") or 0))
    return results


VARIANTS = ("ours", "catalogue")


def read_expected(path: str, variant: str = "ours") -> dict[str, str]:
    """``{test id: reason}`` of one variant, from the YAML list of ``{test, variant, reason}``."""
    import yaml

    with open(path, encoding="utf-8") as f:
        entries = yaml.safe_load(f) or []
    expected: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        if (not isinstance(entry, dict) or not entry.get("test") or not entry.get("reason")
                or entry.get("variant") not in VARIANTS):
            raise ValueError(f"{path}: every entry needs a test, a variant "
                             f"({' or '.join(VARIANTS)}) and a reason: {entry!r}")
        key = (entry["test"], entry["variant"])
        if key in seen:
            raise ValueError(f"{path}: {entry['test']} is listed twice for {entry['variant']}")
        seen.add(key)
        if entry["variant"] == variant:
            expected[entry["test"]] = str(entry["reason"]).strip()
    return expected


def suite_of(test_id: str, suites: Iterable[str]) -> str:
    path = test_id.split("::", 1)[0]
    best = ""
    for suite in suites:
        prefix = suite.rstrip("/")
        if (path == prefix or path.startswith(prefix + "/")) and len(prefix) > len(best):
            best = prefix
    return best or OTHER


def differs(stock: Result | None, ours: Result | None) -> bool:
    """Whether the extension turns a test that does not fail on stock into a
    failure. A failure stock CKAN was not asked about is one too: stock runs
    only the tests that did not pass with the extension (``failed_ids``)."""
    if stock is None:
        return ours is not None and ours.outcome == FAILED
    if stock.outcome == FAILED:
        return False
    return ours is None or ours.outcome == FAILED


def failed_ids(paths: Iterable[str]) -> list[str]:
    """The ids of the tests that failed in any of these reports, for stock CKAN to run."""
    ids: set[str] = set()
    for path in paths:
        ids |= {t for t, r in read_report(path).items() if r.outcome == FAILED}
    return sorted(ids)


@dataclass
class Comparison:
    counts: dict[str, dict[str, dict[str, int]]]
    unexpected: list[str]
    expected: list[str]
    stale: list[tuple[str, str]]
    fixed: list[str]
    stock: dict[str, Result]
    ours: dict[str, Result]

    @property
    def ok(self) -> bool:
        return not self.unexpected and not self.stale


def compare(stock: dict[str, Result], ours: dict[str, Result], expected: dict[str, str],
            suites: list[str], partial: bool = False) -> Comparison:
    if suites:
        # Only the suites both runs were given (stock runs more than the
        # catalogue variant).
        stock = {t: r for t, r in stock.items() if suite_of(t, suites) != OTHER}
        ours = {t: r for t, r in ours.items() if suite_of(t, suites) != OTHER}
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for variant, results in (("stock", stock), ("ours", ours)):
        for test_id, result in results.items():
            row = counts.setdefault(suite_of(test_id, suites), {}).setdefault(
                variant, {PASSED: 0, FAILED: 0, SKIPPED: 0})
            row[result.outcome] += 1
    unexpected, listed, fixed = [], [], []
    for test_id in sorted(set(stock) | set(ours)):
        s, o = stock.get(test_id), ours.get(test_id)
        if differs(s, o):
            (listed if test_id in expected else unexpected).append(test_id)
        elif s is not None and s.outcome == FAILED and o is not None and o.outcome != FAILED:
            fixed.append(test_id)
    stale = []
    for test_id in sorted(expected):
        if test_id in listed:
            continue
        s, o = stock.get(test_id), ours.get(test_id)
        if s is None and o is None:
            # Not run: gone from a suite that ran whole, or left out of this
            # run (a suite not selected, a -k selection: ``partial``).
            if not partial and suite_of(test_id, suites) in counts:
                stale.append((test_id, "no such test any more"))
        elif s is not None and s.outcome == FAILED:
            stale.append((test_id, "fails on stock CKAN too"))
        else:
            stale.append((test_id, f"no longer differs ({o.outcome if o else MISSING} with the extension)"))
    return Comparison(counts, unexpected, listed, stale, fixed, stock, ours)


def _line(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def report(c: Comparison, expected: dict[str, str], suites: list[str], out=sys.stdout,
           label: str = "", subset: bool = False) -> None:
    def p(text: str = "") -> None:
        print(text, file=out)

    p("core suites: per suite, passed/failed/skipped on stock CKAN | with the extension"
      + (" (stock CKAN ran only the tests that failed with the extension)" if subset else ""))
    names = [s.rstrip("/") for s in suites if s.rstrip("/") in c.counts]
    names += sorted(n for n in c.counts if n not in names)
    width = max([len(n) for n in names] + [5])
    total = {v: {PASSED: 0, FAILED: 0, SKIPPED: 0} for v in ("stock", "ours")}
    for name in names:
        cells = []
        for variant in ("stock", "ours"):
            row = c.counts[name].get(variant, {PASSED: 0, FAILED: 0, SKIPPED: 0})
            for k in row:
                total[variant][k] += row[k]
            cells.append(f"{row[PASSED]:4d} {row[FAILED]:3d} {row[SKIPPED]:3d}")
        p(f"  {name:<{width}}  {cells[0]}  |  {cells[1]}")
    cells = [f"{total[v][PASSED]:4d} {total[v][FAILED]:3d} {total[v][SKIPPED]:3d}" for v in ("stock", "ours")]
    p(f"  {'total':<{width}}  {cells[0]}  |  {cells[1]}")
    if c.expected:
        p(f"expected differences ({len(c.expected)}):")
        for test_id in c.expected:
            p(f"  {test_id}")
            p(f"      {_line(expected[test_id])}")
    for variant, results in (("stock CKAN", c.stock), ("the extension", c.ours)):
        flaky = sorted(t for t, r in results.items() if r.reruns and r.outcome != FAILED)
        if flaky:
            p(f"passed on a rerun only, with {variant} ({len(flaky)}):")
            for test_id in flaky:
                p(f"  {test_id}")
    if c.fixed:
        p(f"failing on stock CKAN only ({len(c.fixed)}, not ours):")
        for test_id in c.fixed:
            p(f"  {test_id}")
    if c.stale:
        p(f"STALE expected differences ({len(c.stale)}): remove them from the list")
        for test_id, why in c.stale:
            p(f"  {test_id}: {why}")
    if c.unexpected:
        p(f"UNEXPECTED differences ({len(c.unexpected)}): failing with the extension only")
        for test_id in c.unexpected:
            o = c.ours.get(test_id)
            p(f"  {test_id}")
            p(f"      {_line(o.message) if o else 'missing from the run with the extension'}")
    # The closing line, one per release, like scripts/test.sh's "all:" line.
    def counted(v: str) -> str:
        t = total[v]
        return f"{t[PASSED]} passed, {t[FAILED]} failed, {t[SKIPPED]} skipped"
    name = f"core suites ({label})" if label else "core suites"
    p(f"{name}: stock {counted('stock')}; with the extension {counted('ours')}; "
      f"{len(c.expected)} expected differences, {len(c.unexpected)} unexpected, {len(c.stale)} stale"
      f" -> {'ok' if c.ok else 'FAILED'}")


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["--failed-ids"]:
        try:
            print("\n".join(failed_ids(argv[1:])))
        except (OSError, ET.ParseError) as exc:
            print(f"core suites: cannot read a report: {exc}", file=sys.stderr)
            return 2
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stock", required=True)
    parser.add_argument("--stock-subset", action="store_true",
                        help="stock CKAN ran only the tests that failed with the extension")
    parser.add_argument("--ours", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--variant", default="ours", choices=VARIANTS,
                        help="whose entries of the expected-differences file apply")
    parser.add_argument("--label", default="", help="names the run in the closing line (the CKAN release)")
    parser.add_argument("--partial", action="store_true",
                        help="the runs were given a selection (-k...): a listed test not run is not stale")
    parser.add_argument("suites", nargs="*")
    args = parser.parse_args(argv)
    try:
        stock, ours = read_report(args.stock), read_report(args.ours)
        expected = read_expected(args.expected, args.variant)
    except (OSError, ET.ParseError, ValueError) as exc:
        print(f"core suites: cannot compare: {exc}", file=sys.stderr)
        return 2
    c = compare(stock, ours, expected, args.suites, partial=args.partial)
    report(c, expected, args.suites, label=args.label, subset=args.stock_subset)
    return 0 if c.ok else 1


if __name__ == "__main__":
    sys.exit(main())
