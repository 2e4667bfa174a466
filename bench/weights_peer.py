#!/usr/bin/env python3
"""numpy peer of the same-role per-tensor pass: memmap both checkpoints (safetensors, sharded
index), decode BF16 -> f32, and compute per tensor the same statistics as lineage (dot, norms,
cosine, Pearson via centred moments, relative L2, value identity). Single process, as a user
would write it. Usage: weights_peer.py DIR_A DIR_B"""
import json
import os
import struct
import sys
import time

import numpy as np


def tensors(model_dir):
    idx = os.path.join(model_dir, "model.safetensors.index.json")
    files = sorted(set(json.load(open(idx))["weight_map"].values())) if os.path.exists(idx) else ["model.safetensors"]
    out = {}
    for f in files:
        path = os.path.join(model_dir, f)
        with open(path, "rb") as fh:
            n = struct.unpack("<Q", fh.read(8))[0]
            header = json.loads(fh.read(n))
        mm = np.memmap(path, dtype=np.uint8, mode="r")
        for name, info in header.items():
            if name == "__metadata__":
                continue
            b, e = info["data_offsets"]
            out[name] = (mm[8 + n + b: 8 + n + e], info["dtype"], info["shape"])
    return out


def to_f32(raw, dtype):
    if dtype == "BF16":
        return (raw.view(np.uint16).astype(np.uint32) << 16).view(np.float32)
    if dtype == "F16":
        return raw.view(np.float16).astype(np.float32)
    return raw.view(np.float32)


def main():
    t0 = time.perf_counter()
    a, b = tensors(sys.argv[1]), tensors(sys.argv[2])
    cos_sum, count = 0.0, 0
    for name, (ra, da, sa) in a.items():
        if name not in b or b[name][2] != sa:
            continue
        x = to_f32(ra, da).astype(np.float64)
        y = to_f32(b[name][0], b[name][1]).astype(np.float64)
        dot, sxx, syy = float(x @ y), float(x @ x), float(y @ y)
        xc, yc = x - x.mean(), y - y.mean()
        pearson = float(xc @ yc) / max(np.sqrt(float(xc @ xc) * float(yc @ yc)), 1e-300)
        d = x - y
        rel_l2 = np.sqrt(float(d @ d)) / max(np.sqrt(syy), 1e-300)
        identical = bool(np.array_equal(x, y))
        cos = dot / max(np.sqrt(sxx * syy), 1e-300)
        cos_sum += cos
        count += 1
        del x, y, xc, yc, d, pearson, rel_l2, identical
    secs = time.perf_counter() - t0
    print(f"numpy pertensor tensors {count} seconds {secs:.3f} mean_cosine {cos_sum / max(count, 1):.6f}")


if __name__ == "__main__":
    main()
