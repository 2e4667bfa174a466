#!/usr/bin/env bash
# Fails when a function in src/ is over 80 lines (clang-tidy-14 readability-function-size,
# configured in .clang-tidy). Message and data tables are the only allowed exceptions: they carry
# NOLINT(readability-function-size) with a comment saying why.
# Needs BUILD_DIR/compile_commands.json (scripts/build.sh writes it). Runs JOBS files at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-2}
TIDY=${CLANG_TIDY:-clang-tidy-14}
if [ ! -f "$BUILD_DIR/compile_commands.json" ]; then
  echo "check-function-size: $BUILD_DIR/compile_commands.json missing; run scripts/build.sh" >&2
  exit 2
fi
# The compile commands are GCC's; these keep clang from warning about GCC-only flags.
git ls-files -z 'src/*.cc' |
  xargs -0 -n 4 -P "$JOBS" "$TIDY" -p "$BUILD_DIR" --quiet \
    --warnings-as-errors='readability-function-size' \
    --extra-arg=-Wno-unknown-warning-option ||
  {
    echo "check-function-size: functions over 80 lines (split them into named stages)" >&2
    exit 1
  }
echo "check-function-size: no function in src/ over 80 lines"
