#!/usr/bin/env bash
# Brings up the demo portal at http://127.0.0.1:5000: the stack, the
# database, a sysadmin account (credentials printed and kept in
# .stack/demo-admin.txt), the sample catalogue and the demo's story
# (`ckan thainguyen demo`: one account per role, credentials printed and kept
# in .stack/demo-accounts.txt, and files to download), then serves CKAN as a
# production site is served: gunicorn with several worker processes (no
# debugger) and CKAN's background-job worker (`ckan jobs worker`, RQ on Redis).
#
#   scripts/demo.sh               serve in the foreground (Ctrl+C stops it all)
#   scripts/demo.sh --background  serve in the background, logs in .stack/demo.log
#                                 (web) and .stack/demo-jobs.log (job worker)
#   scripts/demo.sh stop          stop the web server, its workers and the job worker
#   scripts/demo.sh status        each process with its pid, and whether it answers
#   scripts/demo.sh config        only write .stack/demo.ini (prints its path)
#
# Environment: DEMO_PORT (5000), DEMO_WORKERS (gunicorn worker processes, 3),
# CKAN_VERSION (2.11.6), STACK_DIR (.stack). The demo has a database,
# DataStore database and Solr core per CKAN release (scripts/stack.sh env
# demo), which the test runs never touch.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export STACK_DIR=${STACK_DIR:-$ROOT/.stack}
export CKAN_VERSION=${CKAN_VERSION:-2.11.6}
VENV=$STACK_DIR/venv-$CKAN_VERSION
INI=$STACK_DIR/demo.ini
WEB_PID=$STACK_DIR/demo-web.pid
JOBS_PID=$STACK_DIR/demo-jobs.pid
JOBS_LOG=$STACK_DIR/demo-jobs.log
PORT=${DEMO_PORT:-5000}
WORKERS=${DEMO_WORKERS:-3}
URL=http://127.0.0.1:$PORT

log() { printf '[demo] %s\n' "$*" >&2; }

# The pid in FILE if that process is alive and still the demo's (a pid file
# can outlive its process, and the number be reused).
live_pid() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$2" || return 1
  echo "$pid"
}
web_pid() { live_pid "$WEB_PID" gunicorn; }
jobs_pid() { live_pid "$JOBS_PID" "jobs worker"; }

# Each process is started in a session of its own, so its whole process
# group (gunicorn's workers, RQ's work horse) is stopped with it.
# A gunicorn served in the foreground shares the script's group: then only
# its pid is signalled (it stops its own workers).
stop_group() {  # name, pid
  local name=$1 pid=$2 target=$2
  [ "$(ps -o pgid= -p "$pid" | tr -d ' ')" != "$pid" ] || target=-$pid
  kill -TERM -- "$target" 2>/dev/null || true
  for _ in $(seq 60); do
    kill -0 -- "$target" 2>/dev/null || { log "$name stopped (pid $pid)"; return 0; }
    sleep 0.5
  done
  log "$name still running after 30 s: SIGKILL"
  kill -KILL -- "$target" 2>/dev/null || true
}

stop_all() {
  local pid
  if pid=$(web_pid); then stop_group "web server" "$pid"; fi
  if pid=$(jobs_pid); then stop_group "job worker" "$pid"; fi
  rm -f "$WEB_PID" "$JOBS_PID"
  # What the single-process demo of earlier versions left behind.
  if pid=$(live_pid "$STACK_DIR/demo.pid" "ckan"); then stop_group "old demo server" "$pid"; fi
  rm -f "$STACK_DIR/demo.pid"
}

redis_url() {
  echo "${CKAN_REDIS_URL:-$(sed -n 's/^ckan\.redis\.url *= *//p' "$INI")}"
}

status() {
  local pid workers code rc=0 key state
  if pid=$(web_pid); then
    workers=$(pgrep -P "$pid" | paste -sd ' ' || true)
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$URL/api/3/action/status_show" || true)
    echo "web server: gunicorn pid $pid, workers ${workers:-none}, $URL/api/3/action/status_show answers $code"
    [ "$code" = 200 ] || rc=1
  else
    echo "web server: not running"; rc=3
  fi
  if pid=$(jobs_pid); then
    # RQ registers each worker in Redis with its pid and state.
    state=""
    for key in $(redis-cli -u "$(redis_url)" SMEMBERS rq:workers 2>/dev/null); do
      if [ "$(redis-cli -u "$(redis_url)" HGET "$key" pid)" = "$pid" ]; then
        state=$(redis-cli -u "$(redis_url)" HGET "$key" state)
      fi
    done
    if [ -n "$state" ]; then
      echo "job worker: pid $pid, registered with RQ on $(redis_url) ($state)"
    else
      echo "job worker: pid $pid, not registered with RQ on $(redis_url)"; rc=1
    fi
  else
    echo "job worker: not running"; [ "$rc" != 0 ] || rc=3
  fi
  return "$rc"
}

# .stack/demo.ini is demo.ini plus a secret made on this machine, never
# committed, this release's own databases and Solr core, and the port; paths
# in it (%(here)s) are relative to .stack/.
declare -A site
write_ini() {
  local secret_file=$STACK_DIR/demo-secret name value
  mkdir -p "$STACK_DIR"
  if [ ! -f "$secret_file" ]; then
    python3 -c 'import secrets; print(secrets.token_urlsafe(32))' > "$secret_file"
    chmod 600 "$secret_file"
  fi
  while IFS='=' read -r name value; do site[$name]=$value; done < <(scripts/stack.sh env demo)
  sed -e "s|^\[app:main\]\$|[app:main]\nSECRET_KEY = $(cat "$secret_file")|" \
      -e "s|^sqlalchemy\.url = .*|sqlalchemy.url = ${site[CKAN_SQLALCHEMY_URL]}|" \
      -e "s|^ckan\.datastore\.write_url = .*|ckan.datastore.write_url = ${site[CKAN_DATASTORE_WRITE_URL]}|" \
      -e "s|^ckan\.datastore\.read_url = .*|ckan.datastore.read_url = ${site[CKAN_DATASTORE_READ_URL]}|" \
      -e "s|^solr_url = .*|solr_url = ${site[CKAN_SOLR_URL]}|" \
      -e "s|^ckan\.redis\.url = .*|ckan.redis.url = ${site[CKAN_REDIS_URL]}|" \
      -e "s|^ckan\.site_url = .*|ckan.site_url = $URL|" \
      demo.ini > "$INI"
}

case "${1:-}" in
  stop) stop_all; exit 0 ;;
  status) status; exit $? ;;
  config) write_ini; echo "$INI"; exit 0 ;;
  ""|--background) ;;
  *) sed -n '2,20p' "$0" >&2; exit 2 ;;
esac

if pid=$(web_pid); then
  log "already serving at $URL (pid $pid; scripts/demo.sh stop)"
  exit 0
fi

scripts/stack.sh up demo

write_ini
ckan() { "$VENV/bin/ckan" -c "$INI" "$@"; }

ckan db upgrade >/dev/null
for plugin in thainguyen thainguyen_contest thainguyen_science; do
  ckan db upgrade -p "$plugin" >/dev/null
done
datastore_db=${site[CKAN_DATASTORE_WRITE_URL]##*/}
if [ ! -f "$STACK_DIR/.datastore-$datastore_db-$CKAN_VERSION" ]; then
  scripts/stack.sh datastore-permissions "$INI" "$datastore_db"
fi

# One password for the demo's admin on every release's database.
CREDS=$STACK_DIR/demo-admin.txt
new_creds=""
if [ -f "$CREDS" ]; then
  password=$(sed -n 's/^password: //p' "$CREDS")
else
  password=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(12))')
  new_creds=1
fi
if ckan user show admin 2>/dev/null | grep -q " name=admin "; then
  # The database outlived .stack/ (PostgreSQL keeps its data in the system
  # default place): give the existing account the new password.
  [ -z "$new_creds" ] || ckan user setpass admin -p "$password" >/dev/null
else
  ckan user add admin email=admin@thainguyen.example password="$password" >/dev/null
fi
ckan sysadmin add admin >/dev/null
if [ -n "$new_creds" ]; then
  printf 'user: admin\npassword: %s\n' "$password" > "$CREDS"
  chmod 600 "$CREDS"
fi
ACCOUNTS=$STACK_DIR/demo-accounts.txt
ckan thainguyen demo --accounts-file "$ACCOUNTS"
# The search index keeps each dataset as it was shown when indexed, with the
# download URLs of its uploads on the site URL of then: on a new port (or
# when it is not known which one) they would lead nowhere until rebuilt.
indexed=$STACK_DIR/.demo-indexed-url-${CKAN_VERSION//./_}
if [ "$(cat "$indexed" 2>/dev/null)" != "$URL" ]; then
  log "search index: rebuilding it for $URL"
  ckan search-index rebuild >/dev/null
  echo "$URL" > "$indexed"
fi

log "sysadmin account (also in $CREDS):"
sed 's/^/    /' "$CREDS" >&2
log "one account per role: $ACCOUNTS"

# The job worker runs the jobs CKAN and the extension enqueue (tk.enqueue_job).
start_jobs() {
  setsid "$VENV/bin/ckan" -c "$INI" jobs worker >>"$JOBS_LOG" 2>&1 </dev/null &
  echo $! > "$JOBS_PID"
}
# The WSGI entry point and command line the README gives operators; the
# access log names the worker process (pid=) that answered. This script
# stops gunicorn by its pid file: no control socket (one per user's home,
# which a second gunicorn on the machine would take over).
gunicorn_cmd=(env CKAN_INI="$INI" "$VENV/bin/gunicorn" ckanext.thainguyen.wsgi:application
  --bind "127.0.0.1:$PORT" --workers "$WORKERS" --timeout 60 --pid "$WEB_PID" --no-control-socket
  --access-logfile - --error-logfile -
  --access-logformat '%(h)s "%(r)s" %(s)s %(b)s %(M)sms pid=%(p)s')

if pid=$(jobs_pid); then stop_group "job worker" "$pid"; fi
start_jobs
if [ "${1:-}" = --background ]; then
  setsid nohup "${gunicorn_cmd[@]}" >"$STACK_DIR/demo.log" 2>&1 </dev/null &
  for _ in $(seq 120); do
    curl -fs -o /dev/null "$URL/api/3/action/status_show" && break
    kill -0 $! 2>/dev/null || { tail -n 30 "$STACK_DIR/demo.log" >&2; stop_all; log "gunicorn exited"; exit 1; }
    sleep 1
  done
  log "serving at $URL with $WORKERS workers and a job worker"
  log "logs: $STACK_DIR/demo.log, $JOBS_LOG; scripts/demo.sh status | stop"
else
  log "serving at $URL with $WORKERS workers and a job worker (Ctrl+C stops them)"
  trap stop_all EXIT
  trap 'exit 130' INT TERM
  "${gunicorn_cmd[@]}" || true
fi
