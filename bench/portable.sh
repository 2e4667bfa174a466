#!/usr/bin/env bash
# Native vs portable: the same work timed in a -march=native build and in the default portable
# build (x86-64-v2 with run-time AVX2 dispatch of the pair kernel), alternating so that the load
# of a shared machine falls on both. Prints each figure and portable/native (time; > 1 = portable
# slower). The portable build must stay within 15% (ratio <= 1.15) on each line.
#   1. kernels_bench: pair statistics over N floats (1 and 2 threads), the GEMM cosine matrix;
#   2. dtype_bench: BF16 -> f32 decoding (GB/s, turned into time);
#   3. the whole `lineage weights` on a synthetic derived pair (bench/weights_bench gen, shapes
#      shrunk by LINEAGE_BENCH_{D,H,L,V}; defaults 1024, 4096, 8, 32000: ~300 MB a model);
#   4. the demo's `lineage compare` on examples/models.
# Configures NATIVE_BUILD with -DLINEAGE_NATIVE=ON (no tests) when it does not exist.
# Usage: bash bench/portable.sh [PORTABLE_BUILD=build] [NATIVE_BUILD=build-native] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
P=${1:-build}
N=${2:-build-native}
ROUNDS=${3:-3}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
[ -f "$N/build.ninja" ] || cmake -S . -B "$N" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLINEAGE_NATIVE=ON -DLINEAGE_TESTS=OFF >/dev/null
for b in "$P" "$N"; do
  cmake --build "$b" -j "${JOBS:-1}" --target lineage kernels_bench dtype_bench weights_bench >/dev/null
done
grep -q "LINEAGE_NATIVE:BOOL=ON" "$N/CMakeCache.txt" || { echo "$N is not a native build" >&2; exit 1; }
grep -q "LINEAGE_NATIVE:BOOL=OFF" "$P/CMakeCache.txt" || { echo "$P is not a portable build" >&2; exit 1; }

export LINEAGE_BENCH_D=${LINEAGE_BENCH_D:-1024} LINEAGE_BENCH_H=${LINEAGE_BENCH_H:-4096}
export LINEAGE_BENCH_L=${LINEAGE_BENCH_L:-8} LINEAGE_BENCH_V=${LINEAGE_BENCH_V:-32000}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
"$P/bench/weights_bench" gen "$DIR/a" 1 >/dev/null
"$P/bench/weights_bench" gen "$DIR/b" 2 1 0.3 >/dev/null
cat "$DIR"/a/* "$DIR"/b/* >/dev/null
M=examples/models

now() { date +%s.%N; }
# One round of every measurement for build $1: lines "<what> <seconds>" (best of the round).
measure() {
  local b=$1 t0
  "$b/bench/kernels_bench" 20000000 1024 2048 1024 | awk '{ print $2, $3 }'
  "$b/bench/dtype_bench" 256 2>/dev/null |
    awk '/^bf16_whole_gbps/ { print "bf16-decode-256MB", 0.25 / $2 }'
  t0=$(now)
  GLIBC_TUNABLES=glibc.malloc.hugetlb=1 "$b/lineage" weights "$DIR/a" "$DIR/b" --json --quiet \
    --threads 2 >"$DIR/w.json"
  echo "weights-synthetic $(echo "$(now) - $t0" | bc)"
  t0=$(now)
  "$b/lineage" compare "$M/ft-sft" "$M/base" "$M/indep-s1" --json --quiet --threads 2 >/dev/null
  echo "compare-examples $(echo "$(now) - $t0" | bc)"
}
: >"$DIR/native.txt"
: >"$DIR/portable.txt"
for r in $(seq "$ROUNDS"); do
  measure "$N" >>"$DIR/native.txt"
  measure "$P" >>"$DIR/portable.txt"
done
echo "best of $ROUNDS rounds, seconds (lower is better); portable = $P, native = $N"
printf "%-22s %10s %10s %8s\n" what native portable ratio
awk 'FNR == NR { if (!($1 in n) || $2 < n[$1]) n[$1] = $2; next }
     { if (!($1 in p) || $2 < p[$1]) p[$1] = $2 }
     END { worst = 0
           for (k in n) { r = p[k] / n[k]; if (r > worst) worst = r
                          printf "%-22s %10.4f %10.4f %8.3f\n", k, n[k], p[k], r }
           printf "worst portable/native ratio: %.3f (%s the 15%% bound)\n", worst,
                  worst <= 1.15 ? "within" : "OUTSIDE" }' "$DIR/native.txt" "$DIR/portable.txt"
