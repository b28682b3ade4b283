#!/usr/bin/env bash
# Runs the whole test suite on the real stack, once per supported CKAN
# release: provisions PostgreSQL, Redis, Solr and a virtualenv per release
# (scripts/stack.sh up), then `pytest --ckan-ini=test.ini tests`.
# Extra arguments go to pytest, e.g. `scripts/test.sh -k sharing -x`.
# CKAN_VERSIONS="2.11.6" limits the run to one release.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export STACK_DIR=${STACK_DIR:-$ROOT/.stack}

status=0
reports=()
for version in ${CKAN_VERSIONS:-2.11.6 2.12.0}; do
  CKAN_VERSION=$version scripts/stack.sh up
  echo "=== pytest on CKAN $version"
  report=$STACK_DIR/junit-$version.xml
  rm -f "$report"
  "$STACK_DIR/venv-$version/bin/pytest" --ckan-ini=test.ini tests \
    --junitxml="$report" "$@" || status=$?
  reports+=("$report")
done

# One closing line over every release's run, so nobody has to add them up.
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
