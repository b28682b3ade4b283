#!/usr/bin/env bash
# Run a real Apache Solr 9 (from Maven Central jars, no docker) with CKAN's schema.
#
#   scripts/solr.sh build            fetch jars + compile launcher (skipped if up to date)
#   scripts/solr.sh init CORE...     create/refresh cores in the solr home (CKAN schema.xml)
#   scripts/solr.sh start            start in background, wait until cores are loaded
#   scripts/solr.sh stop             SIGTERM, wait, clean up the pid file
#   scripts/solr.sh status           exit 0 if running (prints cores), 3 if not
#
# Env: STACK_DIR (default $PWD/.stack; Solr files go to $STACK_DIR/solr),
#      SOLR_PORT (8983), SOLR_HEAP (1g), SOLR_LOG_LEVEL (WARN; log4j root level),
#      SOLR_JAVA_OPTS (extra JVM options),
#      PYTHON (python3; the interpreter whose `ckan` package provides schema.xml),
#      SOLR_SCHEMA (explicit schema.xml path, overrides the CKAN lookup),
#      MVN (mvn), MVN_ARGS (extra maven args, e.g. -o).
# Solr listens on 127.0.0.1 only: http://127.0.0.1:$SOLR_PORT/solr/<core>
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
POM=$REPO_DIR/solr/pom.xml
LAUNCHER_SRC=$REPO_DIR/solr/src/main/java/org/thainguyen/solr/SolrLauncher.java
SOLRCONFIG=$REPO_DIR/solr/solrconfig.xml

STACK_DIR=${STACK_DIR:-$PWD/.stack}
[[ $STACK_DIR == /* ]] || STACK_DIR=$PWD/$STACK_DIR # absolute: the pid/log paths must not move
SOLR_DIR=$STACK_DIR/solr
LIB_DIR=$SOLR_DIR/lib
CLASSES_DIR=$SOLR_DIR/classes
STAMP=$SOLR_DIR/build.stamp
SOLR_HOME=$SOLR_DIR/home
PID_FILE=$SOLR_DIR/solr.pid
LOG_FILE=$SOLR_DIR/solr.log

SOLR_PORT=${SOLR_PORT:-8983}
SOLR_HEAP=${SOLR_HEAP:-1g}
SOLR_LOG_LEVEL=${SOLR_LOG_LEVEL:-WARN}
PYTHON=${PYTHON:-python3}
MVN=${MVN:-mvn}
START_TIMEOUT=120
BASE_URL=http://127.0.0.1:$SOLR_PORT/solr

log() { echo "solr.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- build
build_stamp() {
  # Anything that changes what `build` produces; java version too since we javac.
  { sha256sum "$POM" "$LAUNCHER_SRC" | awk '{print $1}'; java -version 2>&1 | head -1; } \
    | sha256sum | awk '{print $1}'
}

is_built() {
  [[ -f $STAMP && -d $CLASSES_DIR && -n $(ls "$LIB_DIR"/solr-core-*.jar 2>/dev/null) ]] &&
    [[ $(cat "$STAMP") == "$(build_stamp)" ]]
}

cmd_build() {
  mkdir -p "$SOLR_DIR"
  # Two callers building at once would trample each other's temp folders.
  # The lock is scoped to this group so that a Solr started afterwards does
  # not inherit (and hold) it.
  { flock 9; build_locked; } 9>"$SOLR_DIR/build.lock"
}

build_locked() {
  if is_built; then
    log "build up to date ($LIB_DIR)"
    return 0
  fi
  command -v java >/dev/null || die "java not found (need JDK 17+)"
  command -v "$MVN" >/dev/null || die "maven not found"
  mkdir -p "$SOLR_DIR"
  local tmp_lib=$SOLR_DIR/lib.tmp tmp_classes=$SOLR_DIR/classes.tmp
  rm -rf "$tmp_lib" "$tmp_classes"
  log "fetching Solr jars with maven into $LIB_DIR"
  # shellcheck disable=SC2086
  if ! "$MVN" -B -ntp -Dstyle.color=never -f "$POM" ${MVN_ARGS:-} dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp_lib" >"$SOLR_DIR/build.log" 2>&1; then
    tail -n 40 "$SOLR_DIR/build.log" >&2
    die "maven failed, see $SOLR_DIR/build.log"
  fi
  log "compiling launcher"
  javac -nowarn --release 17 -cp "$tmp_lib/*" -d "$tmp_classes" "$LAUNCHER_SRC"
  rm -rf "$LIB_DIR" "$CLASSES_DIR"
  mv "$tmp_lib" "$LIB_DIR"
  mv "$tmp_classes" "$CLASSES_DIR"
  build_stamp >"$STAMP"
  log "built: $(find "$LIB_DIR" -name "*.jar" | wc -l) jars, $(du -sh "$LIB_DIR" | cut -f1)"
}

# ---------------------------------------------------------------- process helpers
solr_pid() {
  # Print the pid if our launcher is alive (guards against a stale/reused pid).
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid=$(cat "$PID_FILE")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.thainguyen.solr.SolrLauncher' || return 1
  echo "$pid"
}

core_status_json() {
  curl -sf --max-time 5 "$BASE_URL/admin/cores?action=STATUS&wt=json" 2>/dev/null
}

# Cores found on disk (dirs with core.properties).
disk_cores() {
  local f
  for f in "$SOLR_HOME"/*/core.properties; do
    [[ -f $f ]] && basename "$(dirname "$f")"
  done
  return 0
}

# Reads STATUS json on stdin; succeeds when every named core is loaded, no init failures.
cores_loaded() {
  python3 -c '
import json, sys
s = json.load(sys.stdin)
fail = s.get("initFailures") or {}
if fail:
    print("core init failures: %s" % fail, file=sys.stderr); sys.exit(2)
st = s.get("status") or {}
missing = [c for c in sys.argv[1:] if "instanceDir" not in st.get(c, {})]
sys.exit(1 if missing else 0)
' "$@"
}

# ---------------------------------------------------------------- init
ckan_schema() {
  if [[ -n ${SOLR_SCHEMA:-} ]]; then
    echo "$SOLR_SCHEMA"
    return
  fi
  local ckan_dir
  ckan_dir=$("$PYTHON" -c 'import ckan, os; print(os.path.dirname(ckan.__file__))') ||
    die "cannot import ckan with PYTHON=$PYTHON (set PYTHON or SOLR_SCHEMA)"
  echo "$ckan_dir/config/solr/schema.xml"
}

write_solr_xml() {
  [[ -f $SOLR_HOME/solr.xml ]] && return 0
  mkdir -p "$SOLR_HOME"
  cat >"$SOLR_HOME/solr.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8" ?>
<!-- Written by scripts/solr.sh: standalone Solr, cores discovered under this dir. -->
<solr>
  <int name="maxBooleanClauses">${solr.max.booleanClauses:1024}</int>
  <shardHandlerFactory name="shardHandlerFactory" class="HttpShardHandlerFactory">
    <int name="socketTimeout">${socketTimeout:600000}</int>
    <int name="connTimeout">${connTimeout:60000}</int>
  </shardHandlerFactory>
</solr>
EOF
}

# Copy $1 to $2 if different; echo "changed" when it copied.
sync_file() {
  if ! cmp -s "$1" "$2"; then
    cp "$1" "$2"
    echo changed
  fi
}

cmd_init() {
  [[ $# -gt 0 ]] || die "usage: solr.sh init CORE..."
  local schema core conf changed pid=""
  schema=$(ckan_schema)
  [[ -f $schema ]] || die "schema not found: $schema"
  write_solr_xml
  pid=$(solr_pid) || pid=""
  for core in "$@"; do
    [[ $core =~ ^[A-Za-z0-9_.-]+$ ]] || die "bad core name: $core"
    conf=$SOLR_HOME/$core/conf
    mkdir -p "$conf"
    changed=$(
      sync_file "$schema" "$conf/schema.xml"
      sync_file "$SOLRCONFIG" "$conf/solrconfig.xml"
    )
    # CKAN's schema references these; empty is fine.
    touch "$conf/synonyms.txt" "$conf/protwords.txt"
    if [[ -f $SOLR_HOME/$core/core.properties ]]; then
      if [[ -n $changed && -n $pid ]]; then
        log "core $core: conf changed, reloading"
        curl -sf --max-time 60 "$BASE_URL/admin/cores?action=RELOAD&core=$core&wt=json" >/dev/null ||
          die "reload of $core failed, see $LOG_FILE"
      elif [[ -n $changed ]]; then
        log "core $core: conf refreshed"
      else
        log "core $core: up to date"
      fi
    elif [[ -n $pid ]]; then
      # Running Solr only discovers cores at startup: register it; Solr writes core.properties.
      log "core $core: creating in running Solr"
      curl -sf --max-time 60 \
        "$BASE_URL/admin/cores?action=CREATE&name=$core&instanceDir=$core&wt=json" >/dev/null ||
        die "create of $core failed, see $LOG_FILE"
    else
      printf 'name=%s\n' "$core" >"$SOLR_HOME/$core/core.properties"
      log "core $core: created"
    fi
  done
}

# ---------------------------------------------------------------- start / stop / status
cmd_start() {
  local pid
  if pid=$(solr_pid); then
    log "already running (pid $pid): $BASE_URL"
    echo "$BASE_URL"
    return 0
  fi
  rm -f "$PID_FILE"
  [[ -f $SOLR_HOME/solr.xml ]] || die "no solr home; run: solr.sh init CORE..."
  cmd_build
  if core_status_json >/dev/null; then
    die "something else already answers on $BASE_URL (port $SOLR_PORT)"
  fi
  mkdir -p "$SOLR_DIR/tmp"
  log "starting Solr on port $SOLR_PORT (log $LOG_FILE)"
  # -XX:-UsePerfData and java.io.tmpdir: write nothing outside $STACK_DIR/solr.
  # shellcheck disable=SC2086
  nohup java -Xms256m -Xmx"$SOLR_HEAP" -XX:-UsePerfData ${SOLR_JAVA_OPTS:-} \
    -Djava.io.tmpdir="$SOLR_DIR/tmp" -Dsolr.log.dir="$SOLR_DIR" \
    -Dlog4j2.level="$SOLR_LOG_LEVEL" \
    -cp "$CLASSES_DIR:$LIB_DIR/*" org.thainguyen.solr.SolrLauncher "$SOLR_HOME" "$SOLR_PORT" \
    >>"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"

  local cores deadline=$((SECONDS + START_TIMEOUT)) json rc
  mapfile -t cores < <(disk_cores)
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      tail -n 30 "$LOG_FILE" >&2 || true
      die "Solr exited during startup, see $LOG_FILE"
    fi
    if json=$(core_status_json); then
      rc=0
      cores_loaded "${cores[@]}" <<<"$json" || rc=$?
      [[ $rc -eq 0 ]] && break
      if [[ $rc -eq 2 ]]; then
        cmd_stop # don't leave a half-working Solr that a later `start` would accept
        die "Solr came up but cores failed to load, see $LOG_FILE"
      fi
    fi
    if ((SECONDS >= deadline)); then
      cmd_stop
      die "Solr not ready after ${START_TIMEOUT}s, see $LOG_FILE"
    fi
    sleep 0.5
  done
  log "Solr ready (pid $pid, cores: ${cores[*]:-none})"
  echo "$BASE_URL"
}

cmd_stop() {
  local pid i
  if ! pid=$(solr_pid); then
    log "not running"
    rm -f "$PID_FILE"
    return 0
  fi
  log "stopping Solr (pid $pid)"
  kill -TERM "$pid"
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 30s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  rm -rf "$SOLR_DIR/tmp"
  log "stopped"
}

cmd_status() {
  local pid json
  if ! pid=$(solr_pid); then
    echo "Solr not running (port $SOLR_PORT)"
    return 3
  fi
  echo "Solr running: pid $pid, $BASE_URL"
  if json=$(core_status_json); then
    python3 -c '
import json, sys
s = json.load(sys.stdin)
for name, c in sorted((s.get("status") or {}).items()):
    print("  core %-20s numDocs=%s" % (name, (c.get("index") or {}).get("numDocs")))
for name, err in (s.get("initFailures") or {}).items():
    print("  core %-20s FAILED: %s" % (name, err))
' <<<"$json"
  else
    echo "  (not answering yet)"
  fi
}

case ${1:-} in
  build) cmd_build ;;
  init) shift; cmd_init "$@" ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *)
    sed -n '2,17p' "$0" >&2
    exit 2
    ;;
esac
