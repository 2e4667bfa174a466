#!/usr/bin/env bash
# `lineage compare` against the sum of its analyses run separately (a speed budget):
#   - wall time: compare A B  vs  tokenizer A B + arch A B + hash A B + weights A B (same threads);
#     the budget is compare <= 1.10 x the sum;
#   - bytes read from disk, cold: before every run the checkpoint files are evicted from the page
#     cache (posix_fadvise DONTNEED, no root needed) and the run's block input (getrusage
#     ru_inblock, i.e. the kernel's read_bytes, which counts mmap page-ins) is recorded. Files read
#     once and shared give compare ≈ 1 x the checkpoint bytes; separate runs read them once each.
#     Stated limit: a second pass over bytes still in the page cache (compare's whole-file SHA-256
#     of files under 256 MB, then the weight pass) is not a disk read and is not counted here.
# The pair: two synthetic BF16 Llama checkpoints made by weights_bench gen (b = a + 0.3 σ noise,
# a derived pair), ~100 MB each by default, with the example tokenizer; deleted unless KEEP=1.
# Usage: bash bench/compare.sh BUILD_DIR   (LINEAGE_BENCH_{D,H,L,V} change the shapes)
set -euo pipefail
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
BENCH_DIR=${BENCH_DIR:-/var/tmp/lineage-bench-compare}
THREADS=${THREADS:-2}
export LINEAGE_BENCH_D=${LINEAGE_BENCH_D:-512} LINEAGE_BENCH_H=${LINEAGE_BENCH_H:-2048}
export LINEAGE_BENCH_L=${LINEAGE_BENCH_L:-8} LINEAGE_BENCH_V=${LINEAGE_BENCH_V:-32000}
cmake --build "$BUILD" --target weights_bench lineage >/dev/null
cleanup() { [ "${KEEP:-0}" = 1 ] || rm -rf "$BENCH_DIR"; }
trap cleanup EXIT
mkdir -p "$BENCH_DIR"
[ -f "$BENCH_DIR/a/config.json" ] || "$BUILD/bench/weights_bench" gen "$BENCH_DIR/a" 1 >/dev/null
[ -f "$BENCH_DIR/b/config.json" ] || "$BUILD/bench/weights_bench" gen "$BENCH_DIR/b" 2 1 0.3 >/dev/null
for m in a b; do
  cp "$HERE/../examples/models/base/tokenizer.json" "$HERE/../examples/models/base/tokenizer_config.json" "$BENCH_DIR/$m/"
done
ckpt_bytes=$(du -cb "$BENCH_DIR"/a/*.safetensors "$BENCH_DIR"/b/*.safetensors | awk 'END {print $1}')

# measure LABEL CMD...: evicts the pair from the page cache, runs CMD, prints
# "LABEL wall_seconds read_bytes exit cpu_seconds".
measure() {
  "$PY" - "$BENCH_DIR" "$@" <<'PYEOF'
import os, sys, time, glob
bench, label, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
for f in glob.glob(bench + "/*/*"):
    fd = os.open(f, os.O_RDONLY)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)
t0 = time.monotonic()
pid = os.fork()
if pid == 0:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1); os.dup2(devnull, 2)
    os.execv(cmd[0], cmd)
_, status, ru = os.wait4(pid, 0)
dt = time.monotonic() - t0
print(label, f"{dt:.3f}", ru.ru_inblock * 512, os.waitstatus_to_exitcode(status),
      f"{ru.ru_utime + ru.ru_stime:.3f}")
PYEOF
}

sync
L="$BUILD/lineage"
A="$BENCH_DIR/a"; B="$BENCH_DIR/b"
runs=$(
  measure tokenizer "$L" tokenizer "$A" "$B" --json
  measure arch "$L" arch "$A" "$B" --json
  measure hash "$L" hash "$A" "$B" --json --threads "$THREADS"
  measure weights "$L" weights "$A" "$B" --json --quiet --threads "$THREADS"
  measure compare "$L" compare "$A" "$B" --json --quiet --threads "$THREADS"
)
echo "$runs" | awk '{ printf "  %-9s %7.2fs wall %7.2fs CPU  %8.1f MB read from disk  (exit %s)\n", $1, $2, $5, $3 / 1e6, $4 }'
echo "$runs" | awk -v ck="$ckpt_bytes" '
  $1 == "compare" { tc = $2; bc = $3; cc = $5; next }
  { ts += $2; bs += $3; cs += $5 }
  END {
    printf "checkpoint bytes (both models): %.1f MB\n", ck / 1e6
    printf "time:  compare %.2fs vs sum of separate analyses %.2fs: ratio %.3f (budget <= 1.10)\n", tc, ts, tc / ts
    printf "CPU:   compare %.2fs vs sum of separate analyses %.2fs: ratio %.3f (less sensitive to a loaded machine)\n", cc, cs, cc / cs
    printf "bytes: compare read %.2fx the checkpoints, separate analyses %.2fx (sum); compare/sum = %.3f\n", bc / ck, bs / ck, bc / bs
  }'
