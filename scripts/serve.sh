#!/usr/bin/env bash
# `make run`: the development server and the task worker side by side. Ctrl-C reaches both (one process
# group); if either ends, the other is stopped too.
set -uo pipefail
PYTHON=${PYTHON:-.venv/bin/python}
PORT=${PORT:-8000}

"$PYTHON" manage.py schedule_review_reminders
"$PYTHON" manage.py db_worker --no-reload --interval 1 &
worker=$!
"$PYTHON" manage.py runserver "127.0.0.1:$PORT" &
server=$!
trap 'kill "$worker" "$server" 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
wait -n "$worker" "$server"
