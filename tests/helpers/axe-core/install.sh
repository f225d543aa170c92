#!/usr/bin/env bash
# Prints the path of axe.min.js, the axe-core version pinned in package-lock.json beside this script,
# installing it first when the cache does not have it (npm ci; no browser is downloaded, no install script run).
# node_modules never enters the repository: it lives in a cache directory named after the lock file's hash,
# so a change of version installs afresh and two test runs at once never see a half-made copy.
#   AXE_CORE_CACHE   where installed versions are kept (default: $XDG_CACHE_HOME or ~/.cache, /medical-cms-axe-core)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${AXE_CORE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/medical-cms-axe-core}"
TARGET="$CACHE/$(sha256sum "$HERE/package-lock.json" | cut -c1-16)"
SCRIPT="$TARGET/node_modules/axe-core/axe.min.js"

if [ ! -f "$SCRIPT" ]; then
  mkdir -p "$CACHE"
  WORK="$(mktemp -d "$CACHE/.install.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
  cp "$HERE/package.json" "$HERE/package-lock.json" "$WORK/"
  (cd "$WORK" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
  # A rename is atomic: another run that finished first keeps its copy, and this one is thrown away.
  mv -T "$WORK" "$TARGET" 2>/dev/null || true
fi
echo "$SCRIPT"
