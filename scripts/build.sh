#!/usr/bin/env bash
# Configures (once) and builds lineage into BUILD_DIR (default: build/): every target, or only
# the targets given as arguments (scripts/demo.sh builds just `lineage`).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
# ccache: paths relative to the clone, so that two clones (a developer's and CI's) share hits.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
# CMAKE_FLAGS (e.g. CI's -DLINEAGE_WERROR=ON) reconfigure an existing build dir too.
if [ ! -f "$BUILD_DIR/build.ninja" ] || [ -n "${CMAKE_FLAGS:-}" ]; then
  # Release (-O2, no debug info: CMakeLists.txt says why); BUILD_TYPE=RelWithDebInfo to debug.
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" ${CMAKE_FLAGS:-}
fi
cmake --build "$BUILD_DIR" -j "$JOBS" ${1:+--target "$@"}
