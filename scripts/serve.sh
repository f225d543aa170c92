#!/usr/bin/env bash
# `make run`: the development server and the task worker side by side. Ctrl-C reaches both (one process
# group). A worker that dies is started again, saying so, while the server goes on; if the server ends, the
# worker is stopped too.
set -uo pipefail
PYTHON=${PYTHON:-.venv/bin/python}
PORT=${PORT:-8000}

start_worker() {
    "$PYTHON" manage.py run_worker --interval 1 &
    worker=$!
}

stop() {
    trap - EXIT INT TERM
    kill "$worker" "$server" 2>/dev/null
    wait 2>/dev/null
}

"$PYTHON" manage.py schedule_review_reminders
start_worker
"$PYTHON" manage.py runserver "127.0.0.1:$PORT" &
server=$!
trap stop EXIT
trap 'stop; exit 0' INT TERM

pause=1
while true; do
    started=$SECONDS
    wait -n -p ended "$worker" "$server"
    status=$?
    if [ "${ended:-}" != "$worker" ]; then
        exit "$status"  # the server ended: the EXIT trap stops the worker
    fi
    if [ "$status" -eq 130 ]; then
        exit 130  # Ctrl-C reached the worker before this script: stop as the trap would
    fi
    # A worker that keeps dying at once (a broken database, a bad setting) is restarted less and less often,
    # up to once a minute; one that ran a while is restarted after a second.
    if ((SECONDS - started >= 60)); then pause=1; fi
    echo "serve.sh: the task worker stopped (exit status $status); starting it again in $pause s." >&2
    sleep "$pause" &
    wait $!  # a signal meanwhile is handled at once
    pause=$((pause * 2 > 60 ? 60 : pause * 2))
    start_worker
done
