#!/usr/bin/env bash
# Kernels: pair statistics over two long f32 arrays and the GEMM cosine matrix, ours vs numpy on
# the same data in one run. Usage: bash bench/kernels.sh BUILD_DIR [N M K D].
set -euo pipefail
BUILD=${1:-build}
shift || true
ARGS=("${@:-50000000 2048 4096 2048}")
read -r -a ARGS <<<"${ARGS[*]}"
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3  # the system interpreter carries numpy
cmake --build "$BUILD" --target kernels_bench >/dev/null
ours=$("$BUILD/bench/kernels_bench" "${ARGS[@]}")
peer=$(cd "$HERE" && "$PY" kernels_peer.py "${ARGS[@]}")
echo "$ours"
echo "$peer"
t() { awk -v w="$2" '$2 == w { print $3 }' <<<"$1"; }
awk -v s1="$(t "$ours" pair-1t)" -v s2="$(t "$ours" pair-2t)" -v np="$(t "$peer" pair)" \
    -v cm="$(t "$ours" cosmat)" -v ncm="$(t "$peer" cosmat)" -v n="${ARGS[0]}" 'BEGIN {
  printf "pair stats (cos, Pearson, relL2) over %d floats: numpy/ours = %.2fx (1 thread), %.2fx (2 threads)\n", n, np / s1, np / s2
  printf "cosine matrix: numpy/ours = %.2fx\n", ncm / cm }'
