#!/usr/bin/env bash
# CKAN's own test suites (shipped inside the installed ckan package), run on
# an existing site in three variants side by side, each on services of its
# own (tests/ckan_suites/<variant>.ini), through the same pytest plugin
# (tests/ckan_suites/loader.py):
#   stock      stock CKAN with ckanext-scheming and CKAN's own dataset schema
#   ours       the same site with the extension added (datasets unclassified)
#   catalogue  the extension with its catalogue schema for "dataset"; CKAN's
#              factories supply the schema's required fields (auth and
#              activity suites only)
# Fails on a test that fails with the extension and not on stock CKAN,
# unless tests/ckan_suites/expected_differences.yaml lists it for that
# variant, and on entries of that list that no longer differ.
#
#   scripts/core-suites.sh             the default selection
#   scripts/core-suites.sh -k bulk     extra arguments go to every pytest run
#
# Environment:
#   CKAN_VERSION   the release whose suites run (default 2.11.6)
#   CORE_SUITES    paths inside site-packages (default below)
#   CATALOGUE_SUITES  those also run with the catalogue schema (default below)
#   STACK_DIR      as scripts/stack.sh; reports go to $STACK_DIR/core-suites/<release>/
# CKAN_SQLALCHEMY_URL and the like would point every variant at one set of
# services, which CKAN's suites empty: the step is skipped when they are set.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export STACK_DIR=${STACK_DIR:-$ROOT/.stack}
export CKAN_VERSION=${CKAN_VERSION:-2.11.6}
VENV=$STACK_DIR/venv-$CKAN_VERSION
OUT=$STACK_DIR/core-suites/$CKAN_VERSION
HERE=tests/ckan_suites
CORE_SUITES=${CORE_SUITES:-"ckan/tests/logic/auth
ckan/tests/logic/action/test_get.py
ckan/tests/logic/action/test_create.py
ckan/tests/logic/action/test_update.py
ckan/tests/controllers/test_package.py
ckanext/activity/tests
ckanext/datastore/tests/test_auth.py"}
CATALOGUE_SUITES=${CATALOGUE_SUITES:-"ckan/tests/logic/auth
ckanext/activity/tests"}

log() { printf '[core-suites] %s\n' "$*" >&2; }

set_vars=""
for name in SQLALCHEMY_URL DATASTORE_WRITE_URL DATASTORE_READ_URL SOLR_URL REDIS_URL; do
  var=CKAN_$name
  [ -z "${!var:-}" ] || set_vars="$set_vars $var"
done
if [ -n "$set_vars" ]; then
  log "skipped: CKAN reads$set_vars over the variants' ini files, and CKAN's suites would empty those services"
  echo "core suites (CKAN $CKAN_VERSION): skipped"
  exit 0
fi

mkdir -p "$OUT"
for variant in stock ours catalogue; do
  mkdir -p "$STACK_DIR/core-suites/$variant/storage" "$STACK_DIR/core-suites/$variant/cache"
done
# Only the variants' databases and Solr cores: scripts/test.sh runs this
# beside another release's pytest, whose Solr cores carry that release's schema.
dbs="" cores=""
for variant in stock ours catalogue; do
  dbs="$dbs ckan_core_$variant datastore_core_$variant" cores="$cores ckan_core_$variant"
done
if ! PG_DATABASES=$dbs SOLR_CORES=$cores scripts/stack.sh up >"$OUT/stack.log" 2>&1; then
  cat "$OUT/stack.log" >&2
  echo "core suites (CKAN $CKAN_VERSION): not run (scripts/stack.sh up failed)"
  exit 2
fi
SITE=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
in_site() { for suite in $1; do printf '%s\n' "$SITE/$suite"; done; }

run_variant() {  # variant, suites, extra pytest options...
  local variant=$1 suites=$2; shift 2
  local report=$OUT/$variant.xml started=$SECONDS rc=0
  rm -f "$report"
  # The project's root on the path for -p tests.ckan_suites.loader; rootdir
  # site-packages so that test ids read ckan/tests/...
  mapfile -t paths < <(in_site "$suites")
  PYTHONPATH=$ROOT${PYTHONPATH:+:$PYTHONPATH} "$VENV/bin/pytest" \
    -c "$HERE/pytest-core-suites.ini" --rootdir="$SITE" -p no:cacheprovider -p tests.ckan_suites.loader \
    --ckan-ini="$HERE/$variant.ini" --junitxml="$report" -q -rfE "$@" "${paths[@]}" \
    >"$OUT/$variant.log" 2>&1 || rc=$?
  log "$variant: $(tail -n 1 "$OUT/$variant.log") ($((SECONDS - started)) s)"
  # 1 is "some tests failed", which stock CKAN does too; anything else
  # (usage error, interrupted, nothing collected) makes the run unusable.
  if [ "$rc" -gt 1 ]; then
    tail -n 40 "$OUT/$variant.log" >&2
    log "$variant: pytest exited with $rc"
    return 2
  fi
}

# Side by side: one run keeps about one core busy (Python, PostgreSQL and
# Solr in turn), and each variant has services of its own. Stock CKAN then
# runs only the tests that failed with the extension: whether a test passes
# on stock matters only for those (compare.py counts a failure stock did not
# run as a difference). CORE_SUITES_STOCK=all runs all of them on stock too,
# beside the others, for the full counts.
stock_mode=${CORE_SUITES_STOCK:-failed}
log "CKAN $CKAN_VERSION's suites: ours and catalogue side by side, stock on $stock_mode; logs in $OUT/"
pids=()
[ "$stock_mode" != all ] || { run_variant stock "$CORE_SUITES" "$@" & pids+=($!); }
run_variant ours "$CORE_SUITES" "$@" & pids+=($!)
run_variant catalogue "$CATALOGUE_SUITES" --catalogue-entries "$@" & pids+=($!)
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=2; done
[ "$status" = 0 ] || { echo "core suites (CKAN $CKAN_VERSION): not compared (a run failed to complete)"; exit "$status"; }
subset=()
if [ "$stock_mode" != all ]; then
  subset=(--stock-subset)
  mapfile -t failed < <("$VENV/bin/python" -m tests.ckan_suites.compare --failed-ids "$OUT/ours.xml" "$OUT/catalogue.xml")
  if [ ${#failed[@]} -eq 0 ]; then
    echo '<?xml version="1.0"?><testsuites/>' >"$OUT/stock.xml"
    log "stock: nothing to run (no test failed with the extension)"
  else
    # Test ids are relative to site-packages (the runs' rootdir).
    run_variant stock "" "${failed[@]/#/$SITE/}" || status=2
    [ "$status" = 0 ] || { echo "core suites (CKAN $CKAN_VERSION): not compared (the stock run failed to complete)"; exit "$status"; }
  fi
fi

partial=()
[ $# -eq 0 ] || partial=(--partial)
compare() {  # variant, suites, label
  # shellcheck disable=SC2086
  "$VENV/bin/python" -m tests.ckan_suites.compare --stock "$OUT/stock.xml" --ours "$OUT/$1.xml" \
    --expected "$HERE/expected_differences.yaml" --variant "$1" --label "$3" "${partial[@]}" "${subset[@]}" $2
}
compare ours "$CORE_SUITES" "CKAN $CKAN_VERSION, unclassified datasets" || status=$?
compare catalogue "$CATALOGUE_SUITES" "CKAN $CKAN_VERSION, catalogue schema" || status=$?
exit "$status"
