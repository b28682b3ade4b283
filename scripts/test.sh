#!/usr/bin/env bash
# Runs the whole test suite on the real stack, once per supported CKAN
# release: provisions PostgreSQL, Redis, Solr and a virtualenv per release
# (scripts/stack.sh up test), then `pytest --ckan-ini=test.ini tests` on that
# release's own databases and Solr core (scripts/stack.sh env test: CKAN
# reads those variables over test.ini), never the demo's.
# Extra arguments go to pytest, e.g. `scripts/test.sh -k sharing -x`.
# CKAN_VERSIONS="2.11.6" limits the run to one release.
# Then CKAN's own suites, stock beside ours (scripts/core-suites.sh), on
# CKAN 2.11.6, when pytest got no arguments; CORE_SUITES_VERSIONS names the
# releases instead ("" for none).
# Once every release's services are up, all of them run side by side: each
# release's pytest and the core suites have databases, Solr cores, Redis
# databases and storage of their own, and none keeps both cores busy alone
# (Python, PostgreSQL and Solr take turns). Each run's output is printed
# when it ends ($STACK_DIR/pytest-<release>.out, core-suites.out).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export STACK_DIR=${STACK_DIR:-$ROOT/.stack}

status=0
reports=()
versions=${CKAN_VERSIONS:-2.11.6 2.12.0}
core_default=""
if [ $# -eq 0 ] && [[ " $versions " == *" 2.11.6 "* ]]; then core_default=2.11.6; fi
core_versions=${CORE_SUITES_VERSIONS-$core_default}
core_out=$STACK_DIR/core-suites.out

run_core_suites() {
  local rc=0 version
  for version in $core_versions; do
    echo "=== CKAN $version's own suites, stock and with the extension"
    CKAN_VERSION=$version scripts/core-suites.sh || { r=$?; [ "$rc" != 0 ] || rc=$r; }
  done
  return "$rc"
}

for version in $versions; do
  CKAN_VERSION=$version scripts/stack.sh up test
done
mkdir -p "$STACK_DIR"

run_pytest() {  # release, pytest arguments...
  local version=$1 site; shift
  mapfile -t site < <(CKAN_VERSION=$version scripts/stack.sh env test)
  echo "=== pytest on CKAN $version"
  # Only pytest gets them: CKAN's suites refuse to run with them set.
  env "${site[@]}" "$STACK_DIR/venv-$version/bin/pytest" --ckan-ini=test.ini tests \
    --junitxml="$STACK_DIR/junit-$version.xml" --basetemp="$STACK_DIR/pytest-tmp-$version" "$@"
}

pids=() outs=()
for version in $versions; do
  rm -f "$STACK_DIR/junit-$version.xml"
  reports+=("$STACK_DIR/junit-$version.xml")
  run_pytest "$version" "$@" >"$STACK_DIR/pytest-$version.out" 2>&1 &
  pids+=($!) outs+=("$STACK_DIR/pytest-$version.out")
  echo "=== started: pytest on CKAN $version"
done
if [ -n "$core_versions" ]; then
  run_core_suites >"$core_out" 2>&1 &
  pids+=($!) outs+=("$core_out")
  echo "=== started: CKAN's own suites on $core_versions"
fi
for i in "${!pids[@]}"; do
  rc=0
  wait "${pids[$i]}" || rc=$?
  cat "${outs[$i]}"
  [ "$status" != 0 ] || status=$rc
done

# One closing line over every release's run of the project's tests, so
# nobody has to add them up (the core suites print their own line above).
python3 - "${reports[@]}" <<'PY'
import os, sys
import xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in sys.argv[1:]:
    if not os.path.exists(path):
        continue
    for suite in ET.parse(path).getroot().iter("testsuite"):
        tests, fail = int(suite.get("tests", 0)), int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skip = int(suite.get("skipped", 0))
        passed += tests - fail - skip
        failed += fail
        skipped += skip
print(f"all: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
