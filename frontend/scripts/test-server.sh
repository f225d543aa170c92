#!/usr/bin/env bash
# Start the Django API with the demo content on a temporary SQLite database, for the frontend's tests.
# Usage: scripts/test-server.sh PORT DIR  (DIR: a temporary directory that holds the database)
# Prints nothing on success; the server runs in the foreground (the caller kills it).
set -euo pipefail
PORT=${1:?port}
DIR=${2:?dir}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
export DJANGO_DEBUG=1
export DATABASE_URL="sqlite:///$DIR/db.sqlite3"
export RENDITIONS_URL="http://127.0.0.1:$PORT/media/renditions/"
cd "$ROOT"
"$PYTHON" manage.py migrate --noinput >"$DIR/migrate.log" 2>&1
"$PYTHON" manage.py load_demo_content >"$DIR/demo.log" 2>&1
"$PYTHON" manage.py create_api_token publisher >"$DIR/publisher-token"
exec "$PYTHON" manage.py runserver --noreload "127.0.0.1:$PORT" >"$DIR/server.log" 2>&1
