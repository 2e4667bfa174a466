#!/usr/bin/env bash
# Sequential block reading (METHODS.md §10.8) against --full on synthetic BF16 Llama pairs made by
# bench/weights_bench (default 1B-shaped: d=2048, h=8192, 16 blocks, 128k vocab; LINEAGE_BENCH_
# {D,H,L,V} change the shape): a derived pair (base + 0.3 sd noise) and an independent pair (two
# seeds), each judged by `lineage weights --sequential` and `lineage weights --full`.
# Every configuration runs twice with a power cache of its own under $BENCH_DIR: the first run
# measures the power controls (which differ by mode: the cache key holds it), the second reads
# them from the cache, so it times the pair itself. Checkpoints are read once (cat > /dev/null)
# before any timed run, so every run starts warm. Not run in CI.
# Output: one line per configuration: seconds of the first and the second run, the verdict and
# the JSON's `sampling` (mode, blocks read of planned, looks done of planned, stopped on).
# Usage: bash bench/sequential.sh BUILD_DIR   (KEEP=1 keeps the checkpoints under $BENCH_DIR)
# Measured 2026-12-04 (LINEAGE_BENCH_D=1024 H=4096 L=16 V=32000, 16 block pairs, --threads 2, on a
# shared 2-core machine at load ≈ 13, so only the ratios mean much), the analysis alone (stage
# times of --verbose; each run was stopped before its power controls, so no JSON): derived pair
# --sequential 79.6 s (block tests 52.2 s, an eighth of the full run's: 2 of 16 pairs) vs --full
# 457.3 s (block tests 404.3 s); independent pair --sequential 95.6 s (block tests 63.3 s with S4
# run at the look, which happens only when the rule stops on independent); its --full run was not
# timed (the same 16 pairs as the derived one).
# Measured 2026-12-05 (commit 51dae33) at the 7B shape of issue #12 (LINEAGE_BENCH_D=4096
# H=11008 L=32 V=32000, 12.1 GB each; `lineage weights <cand> base --json --verbose --threads 2`
# by hand, power cached, quiet machine, peak RssAnon sampled every 0.1 s):
#   derived, sequential: 42.3 s (48.4 s on a second run), peak RssAnon 0.87–0.89 GiB; stopped on
#     derived at look 1 (2 of 32 pairs); read 1.31 GB of the candidate and 7.28 GB of the base
#     (the independent pair reads the same).
#   independent, sequential: 57.6 and 59.7 s with the files in the page cache, 67.9 s right after
#     dropping it (72.8 s once with a half-evicted cache); peak 0.88–0.91 GiB; stopped on
#     independent at look 1. Stages (59.7 s run): alignment 20.2 s (its d × d sgesdd about 12 s),
#     block signatures 8.0 s, block map 3.8 s, block tests 26.4 s (S4 at the look included).
#   --full: derived 270 s (power cached), independent 321 s of analysis (779 s including the
#     full mode's own power controls, measured cold); peak 0.97 GiB for both; each read 17.9 GB
#     of the candidate and 28.8 GB of the base (tensors are read more than once).
# Measured 2026-12-05 later (the read-ahead stage, weights/source/read_ahead.h), same shape and
# machine, power cached: independent 61.6 s right after dropping the page cache (was 67.9 s;
# alignment 21.8 s, block signatures 8.8 s, block map 4.2 s, block tests 24.2 s) and 57.0 s warm;
# derived 49.2 s right after dropping the page cache; peak RssAnon 0.85–0.91 GiB.
# Those 7B times were taken beside a shell loop sampling RssAnon every 0.1 s (pgrep and awk forks),
# which itself slowed the runs: bench/weights7b.sh now measures the exact 7B layout (32
# key/value heads, untied head, 13.5 GB) with a sampler that does not fork.
set -euo pipefail
BUILD=${1:-build}
PY=/usr/bin/python3
BENCH_DIR=${BENCH_DIR:-/tmp/lineage-bench-sequential}
THREADS=${THREADS:-2}
cmake --build "$BUILD" --target weights_bench lineage >/dev/null
cleanup() { [ "${KEEP:-0}" = 1 ] || rm -rf "$BENCH_DIR"; }
trap cleanup EXIT
[ -f "$BENCH_DIR/base/config.json" ] || "$BUILD/bench/weights_bench" gen "$BENCH_DIR/base" 1
[ -f "$BENCH_DIR/derived/config.json" ] || "$BUILD/bench/weights_bench" gen "$BENCH_DIR/derived" 2 1 0.3
[ -f "$BENCH_DIR/indep/config.json" ] || "$BUILD/bench/weights_bench" gen "$BENCH_DIR/indep" 3
cat "$BENCH_DIR"/*/*.safetensors > /dev/null

# One timed run: prints its wall seconds; the JSON goes to $BENCH_DIR/last.json.
timed() {
  local start end
  start=$(date +%s.%N)
  LINEAGE_POWER_CACHE="$BENCH_DIR/power-$1" "$BUILD/lineage" weights "$BENCH_DIR/$2" \
    "$BENCH_DIR/base" "--$1" --json --quiet --threads "$THREADS" > "$BENCH_DIR/last.json"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }'
}

for pair in derived indep; do
  for mode in sequential full; do
    first=$(timed "$mode" "$pair")
    second=$(timed "$mode" "$pair")
    summary=$("$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
s = j["sampling"]
print("%s; %s: %d of %d block pairs, %d of %d looks, stopped on %s" % (j["verdict"], s["mode"],
      s["blocks_read"], s["blocks_total"], s["looks_done"], s["looks_planned"], s["stopped_on"]))' \
      "$BENCH_DIR/last.json")
    echo "$pair pair, --$mode: ${first} s (power measured), ${second} s (power cached); $summary"
  done
done
