#!/usr/bin/env bash
# A lineage binary copied away from its data (no share/lineage or data/ at or above it) must not
# run silently without the calibration panels and the config catalog: compare, weights and arch
# stop with an error that names the missing directory and the variable that points at it. With
# the variables set, the same copy runs.
# Usage: shipped_data_test.sh LINEAGE_BINARY SOURCE_DIR
set -euo pipefail
BIN=$1
SRC=$2
M=$SRC/examples/models
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Three levels above bin/ stay inside the temp dir: nothing there for the search to find.
mkdir -p "$tmp/a/b/bin"
cp "$BIN" "$tmp/a/b/bin/lineage"
COPY=$tmp/a/b/bin/lineage
unset LINEAGE_CALIBRATION LINEAGE_CATALOG
fail() { echo "FAIL: $*"; exit 1; }

expect_error() {  # expect_error WHAT ARGS...: exit 1 and a message naming WHAT and its variable
  local what=$1 var=$2
  shift 2
  local rc=0
  "$COPY" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" -eq 1 ] || fail "lineage $1 without data exited $rc, not 1; stderr: $(cat "$tmp/err")"
  grep -q "shipped $what directory was not found" "$tmp/err" ||
    fail "lineage $1: no statement about the missing $what: $(cat "$tmp/err")"
  grep -q "$var" "$tmp/err" || fail "lineage $1: the message does not name $var"
  [ ! -s "$tmp/out" ] || fail "lineage $1 printed a result without its data: $(head -c 300 "$tmp/out")"
  echo "ok: lineage $1 without its $what: $(head -c 200 "$tmp/err")"
}
expect_error "config catalog" LINEAGE_CATALOG compare "$M/ft-sft" "$M/base" --json
expect_error "calibration panel" LINEAGE_CALIBRATION weights "$M/ft-sft" "$M/base" --json
expect_error "config catalog" LINEAGE_CATALOG arch "$M/ft-sft" "$M/base" --json

# Pointed at the data, the same copy runs and says so.
LINEAGE_CALIBRATION=$SRC/data/calibration LINEAGE_CATALOG=$SRC/data/catalog \
  "$COPY" arch "$M/ft-sft" "$M/base" --json >"$tmp/out" || fail "arch with the data set failed"
grep -q "$SRC/data/catalog" "$tmp/out" || fail "arch did not use LINEAGE_CATALOG"
echo "ok: with LINEAGE_CALIBRATION and LINEAGE_CATALOG set, the copy runs"
