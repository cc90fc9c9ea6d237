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

# The maintained Node.js lines netdoctor supports (package.json `engines`), each from the npm
# registry's `node` package into .runtime/node<MAJOR>/ (scripts/runtime.mjs): the whole suite runs
# on each, one after the other, whatever Node.js this machine has.
NODE22=$(node scripts/runtime.mjs ensure 22)
NODE24=$(node scripts/runtime.mjs ensure 24)
on_node() {
  local binary=$1
  shift
  PATH="$(dirname "$binary"):$PATH" "$binary" "$@"
}

# Every step runs even when an earlier one failed, so one run shows everything that is wrong;
# the exit status is non-zero when any step failed.
failed=()
step() {
  local name=$1
  shift
  echo "== $name"
  "$@" || failed+=("$name")
}
step build npm run --silent build
step lint npm run --silent lint
step "type check" npm run --silent typecheck
step "tests on Node $("$NODE22" --version)" on_node "$NODE22" scripts/run-tests.mjs
step "tests on Node $("$NODE24" --version)" on_node "$NODE24" scripts/run-tests.mjs

if [ "${#failed[@]}" -gt 0 ]; then
  echo "test-all: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "test-all: build, lint, type check and tests on Node.js 22 and 24 passed"
