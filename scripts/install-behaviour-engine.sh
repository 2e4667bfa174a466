#!/usr/bin/env bash
# Installs the real inference engine of the behaviour tests (issue #14): npm's node-llama-cpp,
# pinned to 3.21.1 by tests/behaviour/server/package-lock.json (`npm i -E`), with its prebuilt
# Linux x64 binary (no compiler run: the server asks for build: "never"). The tests that need it
# (tests/behaviour/*_e2e.py) fail with this script's name when it has not run.
#
# Runs `npm ci` only when node_modules is missing or older than the lockfile. Idempotent.
# Usage: bash scripts/install-behaviour-engine.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
server="$root/tests/behaviour/server"

if ! command -v npm >/dev/null 2>&1; then
  echo "install-behaviour-engine: npm not found; run scripts/install-deps.sh first" >&2
  exit 1
fi
stamp="$server/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$server/package-lock.json" -nt "$stamp" ]; then
  echo "install-behaviour-engine: npm ci in tests/behaviour/server"
  # --ignore-scripts: node-llama-cpp's postinstall would offer to build llama.cpp from source;
  # the prebuilt @node-llama-cpp/linux-x64 package is all the tests use.
  (cd "$server" && npm ci --no-audit --no-fund --loglevel=error --ignore-scripts)
fi
