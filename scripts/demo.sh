#!/usr/bin/env bash
# Brings up the demo portal at http://127.0.0.1:5000: the stack, the
# database, a sysadmin account (credentials printed and kept in
# .stack/demo-admin.txt) and the sample catalogue, then serves CKAN.
#
#   scripts/demo.sh             serve in the foreground (Ctrl+C stops CKAN)
#   scripts/demo.sh --background  serve in the background, log in .stack/demo.log
#   scripts/demo.sh stop        stop a background server
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export STACK_DIR=${STACK_DIR:-$ROOT/.stack}
export CKAN_VERSION=${CKAN_VERSION:-2.11.6}
VENV=$STACK_DIR/venv-$CKAN_VERSION
INI=$STACK_DIR/demo.ini
PIDFILE=$STACK_DIR/demo.pid
PORT=${DEMO_PORT:-5000}

log() { printf '[demo] %s\n' "$*" >&2; }

if [ "${1:-}" = stop ]; then
  if [ -f "$PIDFILE" ] && kill "$(cat "$PIDFILE")" 2>/dev/null; then log "stopped"; fi
  rm -f "$PIDFILE"
  exit 0
fi

scripts/stack.sh up

# .stack/demo.ini is demo.ini plus a secret made on this machine, never
# committed; paths in it (%(here)s) are relative to .stack/.
SECRET_FILE=$STACK_DIR/demo-secret
if [ ! -f "$SECRET_FILE" ]; then
  "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))' > "$SECRET_FILE"
  chmod 600 "$SECRET_FILE"
fi
sed "s|^\[app:main\]\$|[app:main]\nSECRET_KEY = $(cat "$SECRET_FILE")|" demo.ini > "$INI"
ckan() { "$VENV/bin/ckan" -c "$INI" "$@"; }

ckan db upgrade >/dev/null
for plugin in thainguyen thainguyen_contest thainguyen_science; do
  ckan db upgrade -p "$plugin" >/dev/null
done
if [ ! -f "$STACK_DIR/.datastore-datastore_demo-$CKAN_VERSION" ]; then
  CKAN_VERSION=$CKAN_VERSION scripts/stack.sh datastore-permissions "$INI" datastore_demo
fi

CREDS=$STACK_DIR/demo-admin.txt
if [ ! -f "$CREDS" ]; then
  password=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(12))')
  if ckan user show admin 2>/dev/null | grep -q " name=admin "; then
    # The database outlived .stack/ (PostgreSQL keeps its data in the system
    # default place): give the existing account the new password.
    ckan user setpass admin -p "$password" >/dev/null
  else
    ckan user add admin email=admin@thainguyen.example password="$password" >/dev/null
  fi
  ckan sysadmin add admin >/dev/null
  printf 'user: admin\npassword: %s\n' "$password" > "$CREDS"
  chmod 600 "$CREDS"
fi
ckan thainguyen load-sample

log "sysadmin account (also in $CREDS):"
sed 's/^/    /' "$CREDS" >&2

if [ "${1:-}" = --background ]; then
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    log "already serving at http://127.0.0.1:$PORT"
    exit 0
  fi
  nohup "$VENV/bin/ckan" -c "$INI" run -H 127.0.0.1 -p "$PORT" --disable-reloader \
    > "$STACK_DIR/demo.log" 2>&1 &
  echo $! > "$PIDFILE"
  for _ in $(seq 60); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/api/3/action/status_show" && break
    sleep 1
  done
  log "serving at http://127.0.0.1:$PORT (log: $STACK_DIR/demo.log; stop: scripts/demo.sh stop)"
else
  log "serving at http://127.0.0.1:$PORT (Ctrl+C stops it)"
  exec "$VENV/bin/ckan" -c "$INI" run -H 127.0.0.1 -p "$PORT" --disable-reloader
fi
