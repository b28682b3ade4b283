#!/usr/bin/env bash
# Runs the whole test suite on the real stack, once per supported CKAN
# release: provisions PostgreSQL, Redis, Solr and a virtualenv per release
# (scripts/stack.sh up), then `pytest --ckan-ini=test.ini tests`.
# Extra arguments go to pytest, e.g. `scripts/test.sh -k sharing -x`.
# CKAN_VERSIONS="2.11.6" limits the run to one release.
# Then CKAN's own suites, stock beside ours (scripts/core-suites.sh), on
# CKAN 2.11.6, when pytest got no arguments; CORE_SUITES_VERSIONS names the
# releases instead ("" for none).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export STACK_DIR=${STACK_DIR:-$ROOT/.stack}

status=0
reports=()
versions=${CKAN_VERSIONS:-2.11.6 2.12.0}
for version in $versions; do
  CKAN_VERSION=$version scripts/stack.sh up
  echo "=== pytest on CKAN $version"
  report=$STACK_DIR/junit-$version.xml
  rm -f "$report"
  "$STACK_DIR/venv-$version/bin/pytest" --ckan-ini=test.ini tests \
    --junitxml="$report" "$@" || status=$?
  reports+=("$report")
done

core_default=""
if [ $# -eq 0 ] && [[ " $versions " == *" 2.11.6 "* ]]; then core_default=2.11.6; fi
for version in ${CORE_SUITES_VERSIONS-$core_default}; do
  echo "=== CKAN $version's own suites, stock and with the extension"
  rc=0
  CKAN_VERSION=$version scripts/core-suites.sh || rc=$?
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
