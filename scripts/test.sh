#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test with ctest.
# With CI=true it also enforces -Werror, scripts/check-format.sh and scripts/check-function-size.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# CI also holds the habits: warnings are errors, the tree is formatted, no function over 80 lines.
if [ "${CI:-}" = true ]; then
  export CMAKE_FLAGS="${CMAKE_FLAGS:-} -DLINEAGE_WERROR=ON"
  bash scripts/check-format.sh
fi
bash scripts/build.sh
BUILD_DIR=${BUILD_DIR:-build}
if [ "${CI:-}" = true ]; then
  BUILD_DIR="$BUILD_DIR" bash scripts/check-function-size.sh
fi
cd "$BUILD_DIR"
ctest --output-on-failure -j "${JOBS:-$(nproc)}"
