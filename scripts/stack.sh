#!/usr/bin/env bash
# Installs and starts everything ckanext-thainguyen needs on a bare Debian
# machine, idempotently: PostgreSQL and Redis from Debian's packages, real
# Apache Solr 9 from Maven Central (scripts/solr.sh), and a Python virtualenv
# with CKAN, ckanext-scheming and this extension.
#
#   scripts/stack.sh up [SITE...]  install what is missing, start what is
#                             stopped, add the databases and Solr cores of the
#                             SITEs (test, demo, core-suites, test.ini: the
#                             names in test.ini; default: all four)
#   scripts/stack.sh plan [SITE...]  print the databases and Solr cores that
#                             `up` would create or refresh, and do nothing
#   scripts/stack.sh env SITE  the CKAN_* variables that point CKAN at SITE's
#                             services for this release (test, demo)
#   scripts/stack.sh down     stop what this script started (data is kept)
#   scripts/stack.sh status   show what runs where
#   scripts/stack.sh venv     only build the virtualenv (prints its path)
#   scripts/stack.sh datastore-permissions INI DATABASE [VAR=value...]
#                             (re)apply CKAN's DataStore GRANTs to DATABASE
#                             (CKAN reads the VARs over INI, e.g. its database:
#                             CKAN starts before it prints the GRANTs)
#
# The test and demo sites have a database, a DataStore database and a Solr
# core per CKAN release (ckan_test_2_11_6, ckan_demo_2_12_0, ...): a test run
# on one release never re-creates what a demo or a test run on the other
# uses, and `up SITE` touches only that site's.
#
# Environment:
#   CKAN_VERSION          CKAN release for the virtualenv (default 2.11.6)
#   STACK_DIR             where data, logs and virtualenvs live (default ./.stack)
#   PG_DATABASES / SOLR_CORES  exactly these databases / cores instead of the SITEs'
#   CKAN_SQLALCHEMY_URL   use this PostgreSQL instead of starting one; the
#   CKAN_DATASTORE_WRITE_URL / CKAN_DATASTORE_READ_URL go with it
#   CKAN_SOLR_URL         use this Solr core instead of starting one
#   CKAN_REDIS_URL        use this Redis instead of starting one
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export STACK_DIR=${STACK_DIR:-$ROOT/.stack}
CKAN_VERSION=${CKAN_VERSION:-2.11.6}
SCHEMING_VERSION=3.1.0
VENV=$STACK_DIR/venv-$CKAN_VERSION
RELEASE=${CKAN_VERSION//./_}
# CKAN's own suites (scripts/core-suites.sh) run their variants side by side,
# each on a database, DataStore database and Solr core of its own.
CORE_SUITE_VARIANTS="stock ours catalogue"
# Decided before anything below sets these for CKAN: the caller's own services.
EXTERNAL_PG=${CKAN_SQLALCHEMY_URL:+1}
EXTERNAL_SOLR=${CKAN_SOLR_URL:+1}

# site_databases SITE / site_cores SITE: what SITE uses on this release
# (select_sites has checked the name).
site_databases() {
  case $1 in
    test|demo) echo "ckan_$1_$RELEASE datastore_$1_$RELEASE" ;;
    # test.ini's own names, for pytest run by hand without `env test`.
    test.ini) echo "ckan_test datastore_test" ;;
    core-suites)
      for variant in $CORE_SUITE_VARIANTS; do echo "ckan_core_$variant datastore_core_$variant"; done ;;
  esac
}
site_cores() {
  case $1 in
    test|demo) echo "ckan_$1_$RELEASE" ;;
    test.ini) echo "ckan_test" ;;
    core-suites) for variant in $CORE_SUITE_VARIANTS; do echo "ckan_core_$variant"; done ;;
  esac
}

# The variables CKAN reads over its ini file, pointing it at SITE's services
# (the caller's own services, when it names them, stay).
site_env() {
  case $1 in test|demo) ;; *) echo "env: test or demo, not $1" >&2; exit 2 ;; esac
  local pg=postgresql://ckan_default:ckan_default@127.0.0.1
  local ro=postgresql://datastore_ro:datastore_ro@127.0.0.1
  echo "CKAN_SQLALCHEMY_URL=${CKAN_SQLALCHEMY_URL:-$pg/ckan_$1_$RELEASE}"
  echo "CKAN_DATASTORE_WRITE_URL=${CKAN_DATASTORE_WRITE_URL:-$pg/datastore_$1_$RELEASE}"
  echo "CKAN_DATASTORE_READ_URL=${CKAN_DATASTORE_READ_URL:-$ro/datastore_$1_$RELEASE}"
  echo "CKAN_SOLR_URL=${CKAN_SOLR_URL:-http://127.0.0.1:8983/solr/ckan_$1_$RELEASE}"
  # Redis databases: 0 the demo (one runs at a time), 1 test.ini's, 3 to 5
  # CKAN's suites; each release's tests their own, as CKAN's clean_redis
  # empties the whole database.
  local redis_db=0
  if [ "$1" = test ]; then
    case $CKAN_VERSION in 2.11.6) redis_db=6 ;; 2.12.0) redis_db=7 ;; *) redis_db=8 ;; esac
  fi
  echo "CKAN_REDIS_URL=${CKAN_REDIS_URL:-redis://127.0.0.1:6379/$redis_db}"
  # Uploads and webassets: the releases' test runs go side by side.
  [ "$1" != test ] || echo "CKAN_STORAGE_PATH=${CKAN_STORAGE_PATH:-$STACK_DIR/test-storage-$RELEASE}"
}

select_sites() {  # SITE... (none: all): sets PG_DATABASES, SOLR_CORES, SITES
  SITES=${*:-"test.ini test demo core-suites"}
  local dbs="" cores="" site
  for site in $SITES; do
    case $site in test|demo|test.ini|core-suites) ;;
      *) echo "unknown site: $site (test, demo, core-suites, test.ini)" >&2; exit 2 ;;
    esac
    dbs="$dbs $(site_databases "$site" | tr '\n' ' ')"
    cores="$cores $(site_cores "$site" | tr '\n' ' ')"
  done
  PG_DATABASES=$(echo ${PG_DATABASES:-$dbs})
  SOLR_CORES=$(echo ${SOLR_CORES:-$cores})
}

log() { printf '[stack] %s\n' "$*" >&2; }

need_root_for_apt() {
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages ($*) and not root: install them or run as root"
    exit 1
  fi
}

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  need_root_for_apt "${missing[@]}"
  log "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- PostgreSQL -------------------------------------------------------------
pg_cluster() { pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}'; }

psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -q -X $*"; }

postgres_up() {
  if [ -n "$EXTERNAL_PG" ]; then
    log "PostgreSQL: using CKAN_SQLALCHEMY_URL"
    return 0
  fi
  apt_install postgresql
  read -r ver name < <(pg_cluster)
  # Debian's wrapper refuses to start clusters outside systemd unless told.
  if ! pg_lsclusters --no-header | awk '{print $4}' | grep -q online; then
    pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start
  fi
  for _ in $(seq 30); do su postgres -c "pg_isready -q -h 127.0.0.1" && break; sleep 1; done
  psql_admin -c "\"DO \\\$\\\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='ckan_default') THEN
        CREATE ROLE ckan_default LOGIN PASSWORD 'ckan_default'; END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='datastore_ro') THEN
        CREATE ROLE datastore_ro LOGIN PASSWORD 'datastore_ro'; END IF;
    END \\\$\\\$;\""
  for db in $PG_DATABASES; do
    if ! su postgres -c "psql -XtAc \"SELECT 1 FROM pg_database WHERE datname='$db'\"" | grep -q 1; then
      su postgres -c "createdb -O ckan_default -E utf-8 -T template0 $db"
      # A new database has none of the DataStore GRANTs an older one got.
      rm -f "$STACK_DIR/.datastore-$db-"*
      log "PostgreSQL: created database $db"
    fi
  done
  log "PostgreSQL $ver/$name on 127.0.0.1:5432"
}

postgres_down() {
  [ -n "$EXTERNAL_PG" ] && return 0
  command -v pg_lsclusters >/dev/null || return 0
  read -r ver name < <(pg_cluster)
  if pg_lsclusters --no-header | awk '{print $4}' | grep -q online; then
    pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" stop
    log "PostgreSQL stopped"
  fi
}

# --- Redis --------------------------------------------------------------------
redis_up() {
  if [ -n "${CKAN_REDIS_URL:-}" ]; then
    log "Redis: using CKAN_REDIS_URL"
    return 0
  fi
  apt_install redis-server
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    log "Redis already answers on 127.0.0.1:6379"
    return 0
  fi
  mkdir -p "$STACK_DIR/redis"
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes \
    --dir "$STACK_DIR/redis" --pidfile "$STACK_DIR/redis/redis.pid" \
    --logfile "$STACK_DIR/redis/redis.log" --save 60 1
  for _ in $(seq 20); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
  log "Redis on 127.0.0.1:6379 (data in $STACK_DIR/redis)"
}

redis_down() {
  [ -n "${CKAN_REDIS_URL:-}" ] && return 0
  if [ -f "$STACK_DIR/redis/redis.pid" ] && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
    redis-cli -h 127.0.0.1 shutdown save >/dev/null 2>&1 || true
    rm -f "$STACK_DIR/redis/redis.pid"
    log "Redis stopped"
  fi
}

# --- Python virtualenv ----------------------------------------------------------
venv_up() {
  # The stamp records what the virtualenv was built from, so a repeat run
  # skips pip entirely unless setup.py or the requirements changed.
  local stamp="$VENV/.thainguyen-stamp"
  local want
  want=$(cat "$ROOT/setup.py" "$ROOT/dev-requirements.txt" "$ROOT/serve-requirements.txt" \
         | sha256sum | cut -c1-16)-$CKAN_VERSION
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  log "virtualenv $VENV (CKAN $CKAN_VERSION)"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  # pip's chatter goes to a log, shown only when something fails.
  local pip_log="$STACK_DIR/pip-$CKAN_VERSION.log"
  if ! { "$VENV/bin/pip" install -q --upgrade pip &&
         "$VENV/bin/pip" install -q "ckan[requirements,dev]==$CKAN_VERSION" \
           "ckanext-scheming==$SCHEMING_VERSION" -r "$ROOT/dev-requirements.txt" \
           -r "$ROOT/serve-requirements.txt" &&
         "$VENV/bin/pip" install -q -e "$ROOT"; } >"$pip_log" 2>&1; then
    cat "$pip_log" >&2
    log "pip failed (log: $pip_log)"
    exit 1
  fi
  echo "$want" > "$stamp"
}

# --- Solr -------------------------------------------------------------------------
solr_up() {
  if [ -n "$EXTERNAL_SOLR" ]; then
    log "Solr: using CKAN_SOLR_URL"
    return 0
  fi
  PYTHON="$VENV/bin/python" "$ROOT/scripts/solr.sh" build
  # shellcheck disable=SC2086
  PYTHON="$VENV/bin/python" "$ROOT/scripts/solr.sh" init $SOLR_CORES
  "$ROOT/scripts/solr.sh" start
}

datastore_permissions() {
  # CKAN prints the GRANTs the read-only DataStore user needs; apply them
  # once per database and release (the stamp avoids a CKAN start-up on
  # every run; CKAN 2.12's GRANTs also create its _table_stats table).
  # Further arguments: VAR=value settings CKAN reads over INI (site_env).
  local ini=$1 db=$2 force=${3:-}
  shift 3 || shift $#
  [ -n "$EXTERNAL_PG" ] && return 0
  local stamp="$STACK_DIR/.datastore-$db-$CKAN_VERSION"
  [ -f "$stamp" ] && [ "$force" != --force ] && return 0
  # CKAN's start-up log is kept apart and shown only when a step fails.
  local err
  err=$(mktemp)
  if ! env "$@" "$VENV/bin/ckan" -c "$ini" datastore set-permissions 2>"$err" \
      | su postgres -c "psql -q -X -v ON_ERROR_STOP=1 $db" >/dev/null 2>>"$err"; then
    cat "$err" >&2
    rm -f "$err"
    log "datastore-permissions: CKAN ($ini) or psql ($db) failed"
    return 1
  fi
  rm -f "$err"
  # CKAN 2.11's GRANTs give every table a full-text trigger, 2.12's
  # _table_stats included when a database already served 2.12; that
  # trigger breaks 2.12's row counts, and 2.12 never puts one there.
  su postgres -c "psql -q -X -v ON_ERROR_STOP=1 $db" >/dev/null <<'SQL'
DO $$ BEGIN
  IF to_regclass('public._table_stats') IS NOT NULL THEN
    DROP TRIGGER IF EXISTS zfulltext ON "_table_stats";
  END IF;
END $$;
SQL
  touch "$stamp"
}

up() {
  mkdir -p "$STACK_DIR"
  apt_install chromium  # headless browser tests (tests/e2e, Playwright with executable_path)
  postgres_up
  redis_up
  venv_up
  solr_up
  case " $PG_DATABASES " in
    *" datastore_test "*) datastore_permissions "$ROOT/test.ini" datastore_test ;;
  esac
  # The demo's ini is written by scripts/demo.sh, which applies its GRANTs.
  case " $PG_DATABASES " in
    *" datastore_test_$RELEASE "*)
      # shellcheck disable=SC2046
      datastore_permissions "$ROOT/test.ini" "datastore_test_$RELEASE" "" $(site_env test) ;;
  esac
  for variant in $CORE_SUITE_VARIANTS; do
    case " $PG_DATABASES " in
      *" datastore_core_$variant "*)
        datastore_permissions "$ROOT/tests/ckan_suites/$variant.ini" "datastore_core_$variant" ;;
    esac
  done
  log "stack is up (CKAN $CKAN_VERSION in $VENV)"
}

down() {
  "$ROOT/scripts/solr.sh" stop || true
  redis_down
  postgres_down
}

status() {
  pg_lsclusters 2>/dev/null || echo "PostgreSQL: not installed"
  redis-cli -h 127.0.0.1 ping 2>/dev/null || echo "Redis: not answering"
  "$ROOT/scripts/solr.sh" status || true
  for v in "$STACK_DIR"/venv-*; do [ -d "$v" ] && echo "virtualenv: $v"; done
}

plan() {
  local db core
  [ -n "$EXTERNAL_PG" ] || for db in $PG_DATABASES; do echo "database $db"; done
  [ -n "$EXTERNAL_SOLR" ] || for core in $SOLR_CORES; do echo "solr-core $core"; done
}

case "${1:-}" in
  up) shift; select_sites "$@"; up ;;
  plan) shift; select_sites "$@"; plan ;;
  env) site_env "${2:-}" ;;
  down) down ;;
  status) status ;;
  venv) venv_up; echo "$VENV" ;;
  datastore-permissions) datastore_permissions "$2" "$3" --force "${@:4}" ;;
  *) echo "usage: $0 up|plan [SITE...]|env SITE|down|status|venv|datastore-permissions INI DATABASE [VAR=value...]" >&2; exit 2 ;;
esac
