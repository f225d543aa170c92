#!/usr/bin/env bash
# Start the Django API with the demo content on a temporary SQLite database, for the frontend's tests.
# Usage: scripts/test-server.sh PORT DIR  (DIR: a temporary directory that holds the database and the logs)
# With WEBHOOK_URL and WEBHOOK_SECRET set, a webhook endpoint for the article events is made with that secret, and
# the task worker runs beside the server to deliver them. Writes API tokens of the demo publisher and admin to DIR/publisher-token and DIR/admin-token.
# The server runs in the foreground: the caller stops the whole process group.
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
"$PYTHON" manage.py create_api_token admin >"$DIR/admin-token"
if [ -n "${WEBHOOK_URL:-}" ]; then
    "$PYTHON" manage.py shell -c "
import os
from webhooks.models import WebhookEndpoint
WebhookEndpoint.objects.create(
    url=os.environ['WEBHOOK_URL'], secret=os.environ['WEBHOOK_SECRET'], description='Reference frontend (tests)',
    events=['article.published', 'article.updated', 'article.unpublished', 'article.scheduled_live', 'translation.outdated'],
)" >"$DIR/webhook.log" 2>&1
    "$PYTHON" manage.py run_worker --interval 1 >"$DIR/worker.log" 2>&1 &
fi
exec "$PYTHON" manage.py runserver --noreload "127.0.0.1:$PORT" >"$DIR/server.log" 2>&1
