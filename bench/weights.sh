#!/usr/bin/env bash
# Weight pipeline on two 1B-shaped synthetic BF16 checkpoints (d=2048, h=8192, 16 blocks, 128k
# vocab; ~2.5 GB each, generated once under $BENCH_DIR and deleted afterwards unless KEEP=1):
#   1. same-role per-tensor pass: lineage vs the numpy peer (memmap, BF16->f32, same statistics);
#   2. the whole `lineage weights A B --threads 2`: wall time and peak RssAnon (bench/
#      peak_rss_anon.sh samples /proc, so mapped checkpoint pages are not counted: that is the
#      private memory).
# Fair cache state: both checkpoints are read once (cat > /dev/null) before any timed run, so
# lineage and numpy both start warm (page cache); neither pays the disk. The machine needs RAM
# for ~5 GB of page cache beyond the runs themselves.
# Output ends with seven lines: the verdict, then one figure each: the per-tensor ratio (numpy /
# lineage), a first run's seconds (empty power cache: this derived pair needs no power), a first
# run's with --always-measure-power (the controls measured), the whole run's seconds, its user +
# sys CPU seconds (wall alone misleads on a shared machine) and its peak
# RssAnon in MB. Stage times of the whole run (--verbose) are kept in
# $BENCH_DIR/weights.err (printed when KEEP=1).
# Usage: bash bench/weights.sh BUILD_DIR   (LINEAGE_BENCH_{D,H,L,V} shrink the shapes for a quick run)
# Measured 2026-12-05 (session 17's controls, 2-core machine, quiet): per-tensor ratio 18.2x
# (lineage 2.17 s, numpy 39.34 s; 23.0x in another run: numpy's spread); first run 48.8 s (power
# controls measured; 74.1 s before the controls kept their derived tensors); whole run 11.8 s
# with the power cached, 22.1 s CPU; peak RssAnon 344 MB; derived, log10 p -5891.
# Measured in session 19 (commit 7a68082, controls decision-only): per-tensor ratio 19.2x; first
# run 45.4 s (41.3 s by hand, of which the power controls 27.7 s against 37.4-40.7 s for d71b882's
# binary run beside it); whole run 12.9 s with the power cached, 23.4 s CPU; peak RssAnon 341 MB.
# Measured in session 20 (commit 1e1bc00: the controls run only when a verdict can rest on them,
# and this derived pair's cannot): per-tensor ratio 16.5x; first run 15.7 s (12.5-15.0 s by hand)
# against 41-45 s before; first run with --always-measure-power 43.4 s (41.4-44.3 s by hand); whole
# run 13.0 s, 23.7 s CPU; peak RssAnon 342 MB; the same verdict and log10 p (-5891.18).
# Measured in session 21 (commit c2f4c74: cheaper non-finite checks, normal draws and argmax):
# per-tensor ratio 18.0x; first run 11.5 s (11.4 s in another run); with --always-measure-power
# 35.1 s (37.6 s) against 43.4 s; whole run 10.3 s (12.1 s), 19.7 s CPU; peak RssAnon 349 MB; the
# same verdict and log10 p.
set -euo pipefail
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
BENCH_DIR=${BENCH_DIR:-/tmp/lineage-bench-weights}
THREADS=${THREADS:-2}
cmake --build "$BUILD" --target weights_bench lineage >/dev/null
avail_kb=$(df -Pk "$(dirname "$BENCH_DIR")" | awk 'NR==2 {print $4}')
if [ "$avail_kb" -lt 7000000 ] && [ ! -d "$BENCH_DIR/a" ]; then
  echo "weights bench skipped: needs ~6 GB free under $(dirname "$BENCH_DIR")"; exit 0
fi
cleanup() { [ "${KEEP:-0}" = 1 ] || rm -rf "$BENCH_DIR"; }
trap cleanup EXIT
[ -f "$BENCH_DIR/a/config.json" ] || "$BUILD/bench/weights_bench" gen "$BENCH_DIR/a" 1
[ -f "$BENCH_DIR/b/config.json" ] || "$BUILD/bench/weights_bench" gen "$BENCH_DIR/b" 2 1 0.3

# Warm both checkpoints for both contenders (see the header).
cat "$BENCH_DIR"/a/*.safetensors "$BENCH_DIR"/b/*.safetensors > /dev/null
ours=$("$BUILD/bench/weights_bench" pertensor "$BENCH_DIR/a" "$BENCH_DIR/b" "$THREADS")
peer=$("$PY" "$HERE/weights_peer.py" "$BENCH_DIR/a" "$BENCH_DIR/b")
echo "$ours"; echo "$peer"
t_ours=$(awk '{print $6}' <<<"$ours"); t_peer=$(awk '{print $6}' <<<"$peer")

# The power controls run once per shape class and configuration (compare/power_cache.h), and only
# when a verdict can rest on them (METHODS §10.4). This derived pair needs none, so its first run,
# with an empty power cache of the bench's own, runs none; a second first run with
# --always-measure-power, on another empty cache, measures what a pair of this shape with a
# negative pays for them once.
export LINEAGE_POWER_CACHE="$BENCH_DIR/power"
rm -rf "$LINEAGE_POWER_CACHE" "$BENCH_DIR/power-forced"
first_start=$(date +%s.%N)
"$BUILD/lineage" weights "$BENCH_DIR/a" "$BENCH_DIR/b" --json --quiet --threads "$THREADS" > /dev/null
first_end=$(date +%s.%N)
forced_start=$(date +%s.%N)
LINEAGE_POWER_CACHE="$BENCH_DIR/power-forced" "$BUILD/lineage" weights "$BENCH_DIR/a" "$BENCH_DIR/b" \
  --always-measure-power --json --quiet --threads "$THREADS" > /dev/null
forced_end=$(date +%s.%N)

# Children's CPU seconds (user + sys) so far: bash's `times` (second line), run in this shell (a
# $(...) subshell would count its own children only).
children_cpu() { awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$1"; }
times > "$BENCH_DIR/times0"
cpu0=$(children_cpu "$BENCH_DIR/times0")
start=$(date +%s.%N)
bash "$HERE/peak_rss_anon.sh" "$BUILD/lineage" weights "$BENCH_DIR/a" "$BENCH_DIR/b" --json --quiet --verbose --threads "$THREADS" \
  > "$BENCH_DIR/weights.json" 2> "$BENCH_DIR/weights.err" || { cat "$BENCH_DIR/weights.err"; exit 1; }
end=$(date +%s.%N)
times > "$BENCH_DIR/times1"
cpu1=$(children_cpu "$BENCH_DIR/times1")
[ "${KEEP:-0}" = 1 ] && grep '^weights timing' "$BENCH_DIR/weights.err"
peak=$(sed -n 's/.*peak_rss_anon_mb=\([0-9.]*\).*/\1/p' "$BENCH_DIR/weights.err")
verdict=$("$PY" -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["verdict"], j["log10_p"])' "$BENCH_DIR/weights.json")
echo "lineage weights verdict (derived pair, base + 0.3 sd noise): $verdict"
awk -v a="$t_ours" -v b="$t_peer" 'BEGIN { printf "per-tensor pass ratio numpy/lineage: %.1fx (lineage %.2fs, numpy %.2fs, both warm)\n", b / a, a, b }'
awk -v s="$first_start" -v e="$first_end" 'BEGIN { printf "first run, empty power cache (no verdict needs the power): %.1f s\n", e - s }'
awk -v s="$forced_start" -v e="$forced_end" 'BEGIN { printf "first run with --always-measure-power (controls measured): %.1f s\n", e - s }'
awk -v s="$start" -v e="$end" -v t="$THREADS" 'BEGIN { printf "whole lineage weights run: %.1f s (--threads %d, --verbose)\n", e - s, t }'
awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "whole lineage weights run CPU: %.1f s user + sys\n", b - a }'
awk -v p="$peak" 'BEGIN { printf "whole-run peak RssAnon: %.0f MB\n", p }'
