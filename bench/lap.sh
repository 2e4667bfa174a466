#!/usr/bin/env bash
# LAP: our solver vs SciPy linear_sum_assignment on the same 4096² random and related matrices,
# in one run. Usage: bash bench/lap.sh BUILD_DIR [N]. Prints both times, the ratio, and checks
# that both found the same optimal total.
set -euo pipefail
BUILD=${1:-build}
N=${2:-4096}
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3  # the system interpreter carries numpy and scipy
cmake --build "$BUILD" --target lap_bench >/dev/null
for kind in random related; do
  ours=$("$BUILD/bench/lap_bench" "$N" "$kind")
  peer=$("$PY" "$HERE/lap_peer.py" "$N" "$kind")
  echo "$ours"
  echo "$peer"
  read -r _ _ _ t_ours v_ours <<<"$ours"
  read -r _ _ _ t_peer v_peer <<<"$peer"
  awk -v k="$kind" -v n="$N" -v a="$t_ours" -v b="$t_peer" -v va="$v_ours" -v vb="$v_peer" 'BEGIN {
    printf "lap %s %dx%d: ours %.3fs scipy %.3fs ratio scipy/ours = %.2fx; totals %s (diff %.2e)\n",
      k, n, n, a, b, b / a, (va - vb < 1e-2 && vb - va < 1e-2) ? "agree" : "DIFFER", va - vb }'
done
