#!/usr/bin/env bash
# BF16/F16 → f32 decoding: lineage (one core) beside numpy doing the same conversion on the same
# machine in the same run, and the ratio. Throughput is GB/s of input (16-bit) bytes.
#   bash bench/dtype.sh BUILD_DIR [MEGABYTES=256]
set -euo pipefail
BUILD=${1:?usage: bench/dtype.sh BUILD_DIR [MEGABYTES]}
MB=${2:-256}
# The first python3 that has numpy (a pyenv shim may shadow Debian's python3-numpy).
PY=""
for p in python3 /usr/bin/python3; do
  if "$p" -c 'import numpy' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "dtype.sh: no python3 with numpy found" >&2; exit 1; }
ours=$(OMP_NUM_THREADS=1 "$BUILD/bench/dtype_bench" "$MB" 2>/dev/null)
peer=$(OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 "$PY" - "$MB" <<'PY'
import sys, time
import numpy as np
mb = int(sys.argv[1])
n = mb * (1 << 20) // 2
rng = np.random.default_rng(42)
src = ((rng.integers(0, 1 << 16, n, dtype=np.uint16) & 0x83FF)
       | ((10 + rng.integers(0, 10, n, dtype=np.uint16)) << 10)).astype(np.uint16)
chunk = 1 << 16
buf = np.empty(chunk, dtype=np.uint32)
def best(fn):
    t = 1e30
    for _ in range(5):
        t0 = time.perf_counter(); fn(); t = min(t, time.perf_counter() - t0)
    return src.nbytes / t / 1e9
def bf16_whole():
    (src.astype(np.uint32) << 16).view(np.float32)
def bf16_chunked():
    for i in range(0, n, chunk):
        s = src[i:i + chunk]
        np.left_shift(s, 16, out=buf[:len(s)], dtype=np.uint32)
        buf[:len(s)].view(np.float32)
h = src.view(np.float16)
fbuf = np.empty(chunk, dtype=np.float32)
def f16_whole():
    h.astype(np.float32)
def f16_chunked():
    for i in range(0, n, chunk):
        s = h[i:i + chunk]
        fbuf[:len(s)] = s
print(f"bf16_whole_gbps {best(bf16_whole):.3f}")
print(f"bf16_chunked_gbps {best(bf16_chunked):.3f}")
print(f"f16_whole_gbps {best(f16_whole):.3f}")
print(f"f16_chunked_gbps {best(f16_chunked):.3f}")
PY
)
printf "%-20s %12s %12s %8s\n" "case (${MB} MB in)" "lineage GB/s" "numpy GB/s" ratio
for k in bf16_whole bf16_chunked f16_whole f16_chunked; do
  a=$(awk -v k="${k}_gbps" '$1 == k {print $2}' <<<"$ours")
  b=$(awk -v k="${k}_gbps" '$1 == k {print $2}' <<<"$peer")
  printf "%-20s %12s %12s %8s\n" "$k" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a / b}')"
done
