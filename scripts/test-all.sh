#!/usr/bin/env bash
# The full test suite, from a fresh clone: installs what it needs (Debian peers, npm packages),
# then build, lint, type check, unit tests, tests against real peers (BIND, …) and corpus suites.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-peers.sh

# `npm install` rather than `npm ci`: the registry reachable here lacks some platforms' optional
# Biome binaries (android, win32 at the current version), which `npm ci` insists on finding in
# the lock file; `npm install` honours the lock file and skips the optional packages it cannot use.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi

echo "== build" && npm run --silent build
echo "== lint" && npm run --silent lint
echo "== type check" && npm run --silent typecheck
echo "== tests" && npm test
