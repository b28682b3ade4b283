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
for version in ${CKAN_VERSIONS:-2.11.6 2.12.0}; do
  CKAN_VERSION=$version scripts/stack.sh up
  echo "=== pytest on CKAN $version"
  "$STACK_DIR/venv-$version/bin/pytest" --ckan-ini=test.ini tests "$@" || status=$?
done
exit $status
