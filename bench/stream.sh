#!/usr/bin/env bash
# bench/stream.sh BUILD_DIR: BF16 → f32 row streaming per core (target ≥ 2 GB/s of BF16 input
# per core) against a naive scalar converter and memcpy in the same process; peak RssAnon; and
# `lineage inspect` of a sparse 40-shard ~132B-parameter layout (headers only) against Python's
# json reading the same headers. Env as bench/hash.sh.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/random_checkpoint.sh"
echo "stream_bench, 1 thread:"
"$BUILD/bench/stream_bench" "$FILE" 1
echo "stream_bench, $THREADS threads:"
"$BUILD/bench/stream_bench" "$FILE" "$THREADS"

SPARSE=$DIR/sparse-100b
rm -rf "$SPARSE"
python3 "$HERE/make_checkpoint.py" sparse100b "$SPARSE"
"$BUILD/lineage" inspect "$SPARSE" --json > /dev/null  # warm the headers into the page cache
t0=$(date +%s.%N)
"$BUILD/lineage" inspect "$SPARSE" --json > "$DIR/inspect.json"
t1=$(date +%s.%N)
params=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["parameters"]["total"])' "$DIR/inspect.json")
rm -f "$DIR/inspect.json"
t2=$(date +%s.%N)
python3 - "$SPARSE" <<'PY'
import glob, json, struct, sys
n = 0
for f in sorted(glob.glob(sys.argv[1] + "/*.safetensors")):
    with open(f, "rb") as fh:
        size = struct.unpack("<Q", fh.read(8))[0]
        for k, v in json.loads(fh.read(size)).items():
            if k != "__metadata__":
                p = 1
                for x in v["shape"]:
                    p *= x
                n += p
print(n, file=sys.stderr)
PY
t3=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v p="$params" 'BEGIN {
  printf "INSPECT sparse 40-shard layout: %s parameters in %.3f s (target < 1 s); python json headers-only peer %.3f s; ratio %.2f\n",
    p, b - a, d - c, (b - a) / (d - c) }'
rm -rf "$SPARSE"
cleanup_random_checkpoint
