#!/usr/bin/env bash
# Dequantisation throughput: lineage's DequantizeGgml vs memcpy (in the C++ binary) and vs a
# vectorised numpy dequantiser in the style of gguf-py's quants.py, on the same Q8_0/Q4_0 bytes.
# Usage: bash bench/ggml_quants.sh BUILD_DIR [MiB]
set -euo pipefail
BUILD=${1:-build}
MIB=${2:-64}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
OUT=$("$BUILD/bench/ggml_quants_bench" "$MIB" "$TMP")
echo "$OUT"
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3  # Debian's python has python3-numpy
"$PY" - "$TMP" "$OUT" <<'PY'
import re, sys, time
import numpy as np
tmp, out = sys.argv[1], sys.argv[2]
cpp = {m.group(1): float(m.group(2)) for m in re.finditer(r"\((?:.*/)(q\d_0)\.bin: C\+\+ dequantise ([0-9.]+) s\)", out)}
def q8_0(raw):
    b = raw.reshape(-1, 34)
    d = b[:, :2].copy().view(np.float16).astype(np.float32)
    return (d * b[:, 2:].view(np.int8).astype(np.float32)).reshape(-1)
def q4_0(raw):
    b = raw.reshape(-1, 18)
    d = b[:, :2].copy().view(np.float16).astype(np.float32)
    qs = b[:, 2:]
    q = np.concatenate([qs & 0xF, qs >> 4], axis=1).astype(np.int8) - 8
    return (d * q.astype(np.float32)).reshape(-1)
for name, fn in (("q8_0", q8_0), ("q4_0", q4_0)):
    raw = np.fromfile(f"{tmp}/{name}.bin", dtype=np.uint8)
    best = min((lambda t0: (fn(raw), time.perf_counter() - t0)[1])(time.perf_counter()) for _ in range(3))
    print(f"{name}: numpy (gguf-py style) {best:.4f} s, lineage {cpp[name]:.4f} s -> lineage is {best / cpp[name]:.1f}x faster")
PY
