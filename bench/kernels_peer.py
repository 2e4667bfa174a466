"""numpy peer for bench/kernels_bench.cc: the same arrays (same LCG), the same statistics.

Usage: kernels_peer.py N M K D. Prints "numpy <what> seconds value".
"""
import sys
import time

import numpy as np

from lap_peer import lcg_values


def pair_stats(a, b):
    # What a careful numpy script does: float64 accumulation, centred Pearson, relative L2.
    a64 = a.astype(np.float64)
    b64 = b.astype(np.float64)
    cos = a64 @ b64 / np.sqrt((a64 @ a64) * (b64 @ b64))
    ac = a64 - a64.mean()
    bc = b64 - b64.mean()
    pearson = ac @ bc / np.sqrt((ac @ ac) * (bc @ bc))
    rel = np.linalg.norm(a64 - b64) / np.linalg.norm(b64)
    return cos, pearson, rel


def cosine_matrix(x, y):
    xn = x / np.linalg.norm(x, axis=1, keepdims=True)
    yn = y / np.linalg.norm(y, axis=1, keepdims=True)
    return xn @ yn.T


def main():
    n, m, k, d = (int(v) for v in (sys.argv[1:5] + ["50000000", "2048", "4096", "2048"][len(sys.argv) - 1:]))
    a = lcg_values(n, 1)
    b = lcg_values(n, 2)
    b = np.float32(0.5) * a + b
    t0 = time.perf_counter()
    _, pearson, _ = pair_stats(a, b)
    print(f"numpy pair {time.perf_counter() - t0:.4f} {pearson:.9f}")
    del a, b
    x = lcg_values(m * d, 3).reshape(m, d)
    y = lcg_values(k * d, 4).reshape(k, d)
    t0 = time.perf_counter()
    c = cosine_matrix(x, y)
    print(f"numpy cosmat {time.perf_counter() - t0:.4f} {float(c[m - 1, k - 1]):.6f}")


if __name__ == "__main__":
    main()
