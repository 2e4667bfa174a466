#!/usr/bin/env bash
# bench/python_tensor.sh BUILD_DIR: the Python module's lineage.open(m).tensor(name) (BF16 widened
# to float32 by the library's row streams, one copy) against numpy's memmap plus a BF16 → f32
# conversion ((u16 << 16).view(f32)), over every tensor of the random BF16 checkpoint
# (bench/random_checkpoint.sh), in one process with the file in the page cache: best of 3 of each,
# GB/s of BF16 input and the ratio. Prints a note and exits 0 when the module was not built.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/random_checkpoint.sh"
if [ ! -d "$BUILD/python/lineage" ]; then
  echo "python_tensor: no Python module in $BUILD (configure with LINEAGE_PYTHON=ON)"
  exit 0
fi
py=$(sed -n 's/^Python3_EXECUTABLE:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
PYTHONPATH=$BUILD/python "${py:-python3}" - "$FILE" <<'PY'
import json, struct, sys, time
import numpy as np
import lineage

path = sys.argv[1]
with open(path, "rb") as f:
    (n,) = struct.unpack("<Q", f.read(8))
    header = {k: v for k, v in json.loads(f.read(n)).items() if k != "__metadata__"}
raw = np.memmap(path, np.uint8, "r")


def numpy_read(name):
    t = header[name]
    begin, end = t["data_offsets"]
    u16 = raw[8 + n + begin:8 + n + end].view("<u2")
    return (u16.astype(np.uint32) << 16).view(np.float32).reshape(t["shape"])


model = lineage.open(path)
names = model.tensor_names()
assert sorted(names) == sorted(header)
assert np.array_equal(model.tensor(names[0]), numpy_read(names[0]), equal_nan=True)  # random bits
nbytes = sum(header[k]["data_offsets"][1] - header[k]["data_offsets"][0] for k in names)


def best(read):
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        for name in names:
            read(name)
        times.append(time.perf_counter() - t0)
    return min(times)


numpy_s = best(numpy_read)
lineage_s = best(model.tensor)
print(f"tensor(): {nbytes / lineage_s / 1e9:.2f} GB/s of BF16; numpy memmap + BF16->f32: "
      f"{nbytes / numpy_s / 1e9:.2f} GB/s; ratio lineage/numpy = {numpy_s / lineage_s:.2f}x")
PY
cleanup_random_checkpoint
