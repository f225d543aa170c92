#!/usr/bin/env bash
# The OpenAPI schema the client checks read, written to $1: from the code (manage.py spectacular --validate
# --fail-on-warn, test settings), or the file SCHEMA names (to try a changed contract).
#   PYTHON   the Python of the project's venv (default: .venv/bin/python under the repository root)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-.venv/bin/python}"
case "$PYTHON" in
  /*) ;;
  */*) PYTHON="$ROOT/$PYTHON" ;;  # relative to the repository root, like the Makefile's $(BIN)
esac

if [ -n "${SCHEMA:-}" ]; then
  cp "$SCHEMA" "$1"
  echo "== OpenAPI schema: $SCHEMA =="
else
  echo "== OpenAPI schema (manage.py spectacular --validate --fail-on-warn) =="
  (cd "$ROOT" && DJANGO_SETTINGS_MODULE=config.settings_test \
    "$PYTHON" manage.py spectacular --file "$1" --validate --fail-on-warn)
fi
