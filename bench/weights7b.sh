#!/usr/bin/env bash
# The 7B pair of issue #12 on local disk: synthetic BF16 Llama-2-7B layouts made by
# bench/weights_bench (d 4096, h 11008, 32 blocks, 32 heads of which 32 key/value, vocab 32000,
# untied head: 13.5 GB each): a derived pair (base + 0.3 sd noise) and an independent pair (two
# seeds), each judged by `lineage weights <cand> base --threads $THREADS` (default 2).
# Per pair and mode: a first run that measures the power controls (a cache of its own per pair
# and mode under $BENCH_DIR), then a run with the page cache dropped just before (needs root: writes
# /proc/sys/vm/drop_caches; without it the line says "not dropped") and a warm run, both with the
# controls cached, so they time the pair itself. Each line: wall seconds, peak RssAnon (sampled
# every 20 ms by bench/peak_rss_anon.sh), the verdict, looks done and bytes read of each model.
# --full runs only with FULL=1 (about 5 minutes a pair plus 8 for its controls).
# Not run in CI: it writes 40.5 GB under $BENCH_DIR (default /tmp/lineage-bench-7b; KEEP=1
# keeps it) and takes about 10 minutes without FULL.
# Usage: bash bench/weights7b.sh BUILD_DIR
# Measured 2026-12-05 (commit 0bf30d1, 2-core 24 GB machine, quiet; this script plus runs by hand
# with bench/peak_rss_anon.sh): derived 36.0 and 40.0 s with the page cache dropped, 40.9 s warm;
# independent 46.9, 48.5 and 57.0 s dropped, 44.0 s warm; first runs (power measured) 69.2 s and
# 109.9 s; peak RssAnon 1,002–1,004 MiB (a 10 ms trace by hand: up to 0.87 GiB in the alignment,
# 0.93 GiB in the block tests, the rest a transient not located); each read 1.41 GB of the
# candidate and 7.38 GB of the base (look 1 of 5). --full: independent 303.5 s including its
# controls, derived 241.6 s with them cached; each read 20.0 GB of the candidate and 30.9 GB of
# the base (tensors are read more than once).
# Measured again in session 17 (commit 2aad11b: the controls keep their derived tensors), by hand
# as above with an empty power cache: the independent pair's first run 69.2 and 70.4 s, of which
# the power controls 22.0 and 22.3 s (their `weights timing: power controls` line), against
# 82.3 s (controls about 38 s) for d55c0ff's binary run beside them on the same files: 0.58x.
# Measured in session 19 (commit 7a68082: the controls compute only what their decision weighs),
# this script on the same 2-core machine: derived 56.2 s with the power measured, 44.5 s with the
# page cache dropped, 36.8 s warm; independent 70.7 s, 57.6 s and 54.1 s; peak RssAnon 942-1004 MB;
# same bytes read. By hand with an empty power cache and --verbose, against d71b882's binary on the
# same files: power controls 14.3 s (independent) and 17.8 s (derived) against 23.1 and 25.6 s,
# first runs 66.9 and 54.2 s against 68.5 and 64.1 s, JSON identical.
# Measured in session 20 (commit 1e1bc00: the controls run only when a verdict can rest on them),
# this script: derived 34.0 s first run (no controls: its verdict needs no power), 38.5 s with the
# page cache dropped, 32.0 s warm; independent 62.1 s first run (64.1-70.1 s by hand, of which the
# power controls 15.4-16.0 s), 50.7 s dropped, 48.7 s warm; peak RssAnon 1,003-1,004 MB; same bytes.
# Measured in session 21 (commit c2f4c74: non-finite checks, normal draws, S4's moments, RowArgmax
# and the signatures' chunks made cheaper; verdicts, bytes and every decision input unchanged), this
# script: derived 26.7 s first run, 29.3 s with the page cache dropped, 25.9 s warm; independent
# 52.4 s first run (55.3-57.2 s by hand, of which the power controls 12.2-12.9 s), 41.6 s dropped,
# 38.3 s warm; peak RssAnon 1,003-1,004 MB; same bytes read.
set -euo pipefail
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/lineage-bench-7b}
THREADS=${THREADS:-2}
cmake --build "$BUILD" --target weights_bench lineage >/dev/null
cleanup() { [ "${KEEP:-0}" = 1 ] || rm -rf "$BENCH_DIR"; }
trap cleanup EXIT
export LINEAGE_BENCH_D=4096 LINEAGE_BENCH_H=11008 LINEAGE_BENCH_L=32 LINEAGE_BENCH_V=32000
export LINEAGE_BENCH_KV=32 LINEAGE_BENCH_UNTIED=1
[ -f "$BENCH_DIR/base/config.json" ] || "$BUILD/bench/weights_bench" gen "$BENCH_DIR/base" 1
[ -f "$BENCH_DIR/derived/config.json" ] || "$BUILD/bench/weights_bench" gen "$BENCH_DIR/derived" 2 1 0.3
[ -f "$BENCH_DIR/indep/config.json" ] || "$BUILD/bench/weights_bench" gen "$BENCH_DIR/indep" 3
du -sh "$BENCH_DIR/base" | awk '{print "each checkpoint: " $1}'

drop_cache() {
  sync
  if { echo 3 > /proc/sys/vm/drop_caches; } 2>/dev/null; then echo dropped; else echo "not dropped"; fi
}

# One run: "<label>: <s> s, peak RssAnon <MB> MB; <verdict>, look <done>/<planned>, read <GB> GB of
# the candidate and <GB> GB of the base".
run() {
  local label=$1 pair=$2 mode=$3 stats
  stats=$(LINEAGE_POWER_CACHE="$BENCH_DIR/power-$mode-$pair" bash "$HERE/peak_rss_anon.sh" \
    "$BUILD/lineage" weights "$BENCH_DIR/$pair" "$BENCH_DIR/base" "--$mode" --json --quiet \
    --threads "$THREADS" 2>&1 > "$BENCH_DIR/last.json" | grep elapsed_s=)
  /usr/bin/python3 - "$label" "$stats" "$BENCH_DIR/last.json" <<'PY'
import json, sys
label, stats, path = sys.argv[1:]
f = dict(kv.split("=") for kv in stats.split())
j = json.load(open(path))
s, m = j["sampling"], j["models"]
print("%s: %.1f s, peak RssAnon %.0f MB; %s, look %d/%d, read %.2f GB of the candidate and %.2f GB of the base"
      % (label, float(f["elapsed_s"]), float(f["peak_rss_anon_mb"]), j["verdict"], s["looks_done"],
         s["looks_planned"], m["candidate"]["bytes_read"] / 1e9, m["base"]["bytes_read"] / 1e9))
PY
}

modes=(sequential)
[ "${FULL:-0}" = 1 ] && modes+=(full)
for mode in "${modes[@]}"; do
  for pair in derived indep; do
    # The first run measures the power when a verdict needs it (METHODS §10.4): the independent
    # pair's; the derived pair's verdict needs none, so its first run runs no controls.
    run "$pair --$mode, first run (empty power cache)" "$pair" "$mode"
    state=$(drop_cache)
    run "$pair --$mode, page cache $state" "$pair" "$mode"
    run "$pair --$mode, warm" "$pair" "$mode"
  done
done
