#!/usr/bin/env bash
# Runs every benchmark script (bench/<name>.sh BUILD_DIR); each prints lineage's figure beside
# its peer's (openssl, numpy, scipy, python) measured in the same run, and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
for s in bench/*.sh; do
  [ "$(basename "$s")" = run.sh ] && continue
  echo "=== $s"
  bash "$s" "$BUILD_DIR" || echo "bench $s failed (exit $?)"
done
