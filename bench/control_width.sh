#!/usr/bin/env bash
# The power controls at reduced width (METHODS §10.9): power and time at the model's own width
# against the narrowed copies, on synthetic BF16 Llama bases made by bench/weights_bench (two
# blocks: the controls read two blocks whatever the depth).
#   1. d = 2048 (h 5632, V 16000): widths full, 1024 and 512, at the shipped drift (cosine
#      0.92–0.99) and at a drift hard enough to leave power unsaturated (LOW_COS–HIGH_COS), so the
#      assumption "power does not fall with width" is checked where it can fail.
#   2. d = 4096 (h 11008, V 32000; the 7B shape): the default width (1024) only, timed; full width
#      costs hours (METHODS §10.9) and runs only with FULL7B=1.
# Both read sequentially, as the pair of a model this size does by default (METHODS §10.8), so the
# controls skip what the pair skips. Not run in CI. Usage: bash bench/control_width.sh BUILD_DIR
# Env: CONTROLS (default 60), THREADS (2), LOW_COS/HIGH_COS (0.02/0.05), BENCH_DIR, KEEP=1.
set -euo pipefail
BUILD=${1:-build}
BENCH_DIR=${BENCH_DIR:-/tmp/lineage-bench-control-width}
CONTROLS=${CONTROLS:-60}
THREADS=${THREADS:-2}
LOW_COS=${LOW_COS:-0.02}
HIGH_COS=${HIGH_COS:-0.05}
cmake --build "$BUILD" --target weights_bench control_width_bench >/dev/null
cleanup() { [ "${KEEP:-0}" = 1 ] || rm -rf "$BENCH_DIR"; }
trap cleanup EXIT
mkdir -p "$BENCH_DIR"
gen() {  # DIR D H V
  [ -f "$1/config.json" ] || LINEAGE_BENCH_D=$2 LINEAGE_BENCH_H=$3 LINEAGE_BENCH_L=2 \
    LINEAGE_BENCH_V=$4 "$BUILD/bench/weights_bench" gen "$1" 1 >/dev/null
  cat "$1"/*.safetensors > /dev/null
}
gen "$BENCH_DIR/d2048" 2048 5632 16000
echo "d = 2048, shipped drift (cosine 0.92-0.99), $CONTROLS controls, load $(cut -d' ' -f1 /proc/loadavg):"
"$BUILD/bench/control_width_bench" "$BENCH_DIR/d2048" sequential "$CONTROLS" 0.92 0.99 "$THREADS" 0 1024 512
echo "d = 2048, hard drift (cosine $LOW_COS-$HIGH_COS), $CONTROLS controls:"
"$BUILD/bench/control_width_bench" "$BENCH_DIR/d2048" sequential "$CONTROLS" "$LOW_COS" "$HIGH_COS" "$THREADS" 0 1024 512
gen "$BENCH_DIR/d4096" 4096 11008 32000
echo "d = 4096 (7B shape), shipped drift, $CONTROLS controls, load $(cut -d' ' -f1 /proc/loadavg):"
widths="1024"
[ "${FULL7B:-0}" = 1 ] && widths="1024 0"
"$BUILD/bench/control_width_bench" "$BENCH_DIR/d4096" sequential "$CONTROLS" 0.92 0.99 "$THREADS" $widths
