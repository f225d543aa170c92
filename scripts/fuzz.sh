#!/usr/bin/env bash
# `make fuzz`: schemathesis 4 with every check against a real server on loopback, with production settings,
# a throwaway SQLite database holding the demo content, and a management token, so that every public and
# management operation is tried; then the links between operations (stateful); then the management API again
# without a token. Bounded: FUZZ_EXAMPLES cases per operation and phase, FUZZ_SECONDS for the first run,
# FUZZ_STATEFUL_SECONDS and FUZZ_ANONYMOUS_SECONDS for the others. Exits non-zero on any failure; reports go to
# FUZZ_REPORT_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
BIN="$(dirname "$PYTHON")"
PORT="${FUZZ_PORT:-8765}"
WORK="$(mktemp -d /tmp/cms-fuzz.XXXXXX)"
REPORT_DIR="${FUZZ_REPORT_DIR:-$WORK/report}"

export DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_LOG_LEVEL=WARNING
export DJANGO_SECRET_KEY="fuzz-$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export DATABASE_URL="sqlite:///$WORK/fuzz.sqlite3"
export IMAGE_STORAGE_DIR="$WORK/images"  # the uploads' originals, thrown away with the database
# Stateful runs feed addresses the server answered with (its own loopback `next` links) into webhook URLs: the
# server is told, as an operator on a private network would tell it, to take private receivers, so that every
# other rule of a webhook URL is held to the schema. No worker runs here, so nothing is delivered to them; the
# refusal of private addresses is tested in tests/webhooks.
export WEBHOOK_ALLOW_PRIVATE_ADDRESSES=1
# The fuzzer is one client sending thousands of requests: it must not be throttled into testing only 429s.
export MANAGE_API_RATE_PER_TOKEN=1000000/min MANAGE_API_RATE_ANONYMOUS=1000000/min

stop() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -f "$WORK"/fuzz.sqlite3*
  rm -rf "$WORK/images"
}
trap stop EXIT

if "$PYTHON" -c "import socket, sys; sys.exit(socket.socket().connect_ex(('127.0.0.1', $PORT)) != 0)"; then
  echo "Something already listens on 127.0.0.1:$PORT: stop it or set FUZZ_PORT." >&2
  exit 1
fi

"$PYTHON" manage.py migrate --noinput -v 0
DJANGO_DEBUG=1 "$PYTHON" manage.py load_demo_content >/dev/null  # debug only for the demo users
TOKEN="$("$PYTHON" manage.py create_api_token admin --expires-days 1 2>/dev/null)"
# fuzz/hooks.py reads the records that exist from the server, to name them in generated article writes.
export FUZZ_BASE="http://127.0.0.1:$PORT" FUZZ_TOKEN="$TOKEN" SCHEMATHESIS_HOOKS=hooks
# ... and the languages it serves, for `?language=` and an article's language (fuzz/hooks.py).
FUZZ_LANGUAGES="$("$PYTHON" manage.py shell -v 0 -c \
  'from core.models import SiteSettings; print(",".join(SiteSettings.load().served_languages()))')"
export FUZZ_LANGUAGES

"$BIN/gunicorn" config.wsgi -b "127.0.0.1:$PORT" -w 2 --access-logfile /dev/null \
  --error-logfile "$WORK/server.log" &
SERVER_PID=$!

echo "== Fuzzing http://127.0.0.1:$PORT with schemathesis (server log: $WORK/server.log) =="
"$PYTHON" fuzz/run_schemathesis.py --config-file fuzz/schemathesis.toml run "http://127.0.0.1:$PORT/api/schema/" \
  --wait-for-schema 30 \
  --checks all \
  --header "Authorization: Token $TOKEN" \
  --max-examples "${FUZZ_EXAMPLES:-30}" \
  --max-time "${FUZZ_SECONDS:-240}" \
  --seed "${FUZZ_SEED:-20261127}" \
  --phases examples,coverage,fuzzing \
  --workers 2 \
  --report junit,ndjson --report-dir "$REPORT_DIR" \
  "$@"  # more schemathesis options, e.g. --include-path-regex references --phases coverage

# The stateful run follows links (create, then read, change or delete what was created) on one worker: with two,
# one worker's "delete an article the list showed" lands between the other's create and read, a 404 that is the
# fuzzer's own race, not the server's.
echo "== Stateful: links between operations followed on one worker (FUZZ_STATEFUL_SECONDS) =="
"$PYTHON" fuzz/run_schemathesis.py --config-file fuzz/schemathesis.toml run "http://127.0.0.1:$PORT/api/schema/" \
  --checks all \
  --header "Authorization: Token $TOKEN" \
  --phases stateful \
  --max-examples "${FUZZ_EXAMPLES:-30}" \
  --max-time "${FUZZ_STATEFUL_SECONDS:-60}" \
  --seed "${FUZZ_SEED:-20261127}" \
  --workers 1 \
  --report junit,ndjson --report-dir "$REPORT_DIR/stateful" \
  "$@"

echo "== The management API without a token (FUZZ_ANONYMOUS_SECONDS): every operation a documented 401 =="
"$PYTHON" fuzz/run_schemathesis.py --config-file fuzz/schemathesis.toml run "http://127.0.0.1:$PORT/api/schema/" \
  --checks all \
  --include-path-regex '^/api/v1/manage/' \
  --phases fuzzing \
  --max-examples 10 \
  --max-time "${FUZZ_ANONYMOUS_SECONDS:-90}" \
  --seed "${FUZZ_SEED:-20261127}" \
  --workers 2 \
  --report junit,ndjson --report-dir "$REPORT_DIR/anonymous" \
  "$@"
