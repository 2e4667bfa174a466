"""SciPy peer for bench/lap_bench.cc: the same matrices (same LCG), linear_sum_assignment.

Usage: lap_peer.py N KIND. Prints "scipy KIND N seconds total".
"""
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def lcg_matrix(n):
    return lcg_values(n * n, 12345).reshape(n, n)


def lcg_values(total, seed):
    """The benches' 64-bit LCG, s_{k+1} = a s_k + c mod 2^64, vectorised; top 24 bits / 2^24."""
    a, c, mask = 6364136223846793005, 1442695040888963407, (1 << 64) - 1
    out = np.empty(total, dtype=np.float32)
    s = seed
    # Step in chunks with Python ints for exactness; numpy uint64 arithmetic wraps the same way.
    chunk = 1 << 16
    mult = np.empty(chunk, dtype=np.uint64)
    add = np.empty(chunk, dtype=np.uint64)
    am, cm = 1, 0
    for k in range(chunk):  # s_{k+1} = A_k s_0 + C_k
        am, cm = (am * a) & mask, (cm * a + c) & mask
        mult[k], add[k] = am, cm
    with np.errstate(over="ignore"):
        for off in range(0, total, chunk):
            m = min(chunk, total - off)
            states = mult[:m] * np.uint64(s) + add[:m]
            out[off:off + m] = (states >> np.uint64(40)).astype(np.float64) / 16777216.0
            s = int(states[m - 1])
    return out


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
    kind = sys.argv[2] if len(sys.argv) > 2 else "random"
    s = lcg_matrix(n)
    if kind == "related":
        rows = np.arange(n)
        s[rows, (rows * 7 + 3) % n] += np.float32(1.0)
    t0 = time.perf_counter()
    r, c = linear_sum_assignment(s, maximize=True)
    sec = time.perf_counter() - t0
    total = float(s[r, c].astype(np.float64).sum())
    print(f"scipy {kind} {n} {sec:.4f} {total:.6f}")


if __name__ == "__main__":
    main()
