#!/usr/bin/env bash
# Configures (once) and builds lineage into BUILD_DIR (default: build/).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${CMAKE_FLAGS:-}
fi
cmake --build "$BUILD_DIR" -j "$JOBS"
