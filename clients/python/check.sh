#!/usr/bin/env bash
# Does strict-mode Python compile against the client openapi-python-client generates from the API's OpenAPI schema?
#   1. the schema, from the code (manage.py spectacular --validate --fail-on-warn, test settings);
#   2. the generator and mypy, pinned in requirements.txt, in their own venv (clients/python/.venv, ignored by git;
#      made on the first run, from PyPI, and again when requirements.txt changes);
#   3. the client, generated with --fail-on-warning (an operation or schema the generator cannot read would otherwise
#      be left out with a warning) into clients/python/cms_api_client (ignored by git);
#   4. mypy --strict over example.py and the generated package. Any type error fails the script.
#   PYTHON         the Python of the project's venv (default: .venv/bin/python under the repository root)
#   CLIENT_PYTHON  the Python to make the generator's venv with (default: python3)
#   SCHEMA         an existing schema file to check instead of generating one (to try a changed contract)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"

"$HERE/../schema.sh" "$HERE/schema.yaml"

if ! cmp -s "$HERE/requirements.txt" "$VENV/.installed" 2>/dev/null; then
  echo "== pip install -r clients/python/requirements.txt (into clients/python/.venv) =="
  rm -rf "$VENV"
  "${CLIENT_PYTHON:-python3}" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
  cp "$HERE/requirements.txt" "$VENV/.installed"
fi

echo "== openapi-python-client -> clients/python/cms_api_client =="
rm -rf "$HERE/cms_api_client"
PATH="$VENV/bin:$PATH" "$VENV/bin/openapi-python-client" generate --path "$HERE/schema.yaml" \
  --config "$HERE/config.yaml" --meta none --output-path "$HERE/cms_api_client" --fail-on-warning

# The rules of example.py that mypy cannot enforce: no Any, no ignores, no casts; they would hide schema problems.
if grep -nE '(import .*|[],:>|[] *)Any\b|#.*type: *ignore|\bcast\(' "$HERE/example.py"; then
  echo "example.py: no Any, no '# type: ignore' and no cast(): they would hide schema problems" >&2
  exit 1
fi

echo "== mypy --strict =="
cd "$HERE"
"$VENV/bin/mypy" --config-file "$HERE/mypy.ini" --strict --python-version 3.11 --cache-dir "$HERE/.mypy_cache" \
  example.py cms_api_client
echo "OK: example.py type-checks against the generated API client"
