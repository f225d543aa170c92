#!/usr/bin/env bash
# Does strict-mode frontend code compile against the types generated from the API's OpenAPI schema?
#   1. the schema, from the code (manage.py spectacular --validate --fail-on-warn, test settings);
#   2. its TypeScript types (openapi-typescript) in clients/typescript/schema.d.ts (ignored by git);
#   3. tsc --noEmit over example.ts (strict; see tsconfig.json). Any type error fails the script.
# Needs Node 20 and npm; installs the pinned packages (npm ci) when node_modules is missing.
#   PYTHON   the Python of the project's venv (default: .venv/bin/python under the repository root)
#   SCHEMA   an existing schema file to check instead of generating one (to try a changed contract)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cms-ts-check.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

"$HERE/../schema.sh" "$WORK/schema.yaml"

cd "$HERE"
if [ ! -d node_modules ]; then
  echo "== npm ci =="
  npm ci --no-audit --no-fund
fi

echo "== openapi-typescript -> clients/typescript/schema.d.ts =="
npx --no-install openapi-typescript "$WORK/schema.yaml" --output schema.d.ts

# The rules of example.ts that tsc cannot enforce: no `any`, no non-null assertions.
if grep -nE '(:|\bas|<|\|)\s*any\b|[])A-Za-z0-9_]!([].;,)[]|$)' example.ts; then
  echo "example.ts: no \`any\` and no non-null assertion (\`!\`): they would hide schema problems" >&2
  exit 1
fi

echo "== tsc --noEmit (strict) =="
npx --no-install tsc --noEmit -p "$HERE"
echo "OK: example.ts type-checks against the generated API types"
