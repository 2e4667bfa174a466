#!/usr/bin/env bash
# Tokenizer benchmarks beside their Python peer, in one run (bench/run.sh calls this):
#   bash bench/tokenizer.sh BUILD_DIR
# Targets: a 10 MB+ tokenizer.json loads in < 100 ms; two 256k vocabularies with
# merges compare in < 1 s on one core. Ratios are peer time / lineage time (higher = faster),
# on CPU time, which a busy machine inflates less than wall time (both are printed).
set -euo pipefail
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA="$HERE/../tests/data/tokenizers"
BIN="$BUILD/bench/tokenizer_bench"
PEER="$HERE/tokenizer_peer.py"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

gunzip -c "$DATA/qwen3/tokenizer.json.gz" > "$TMP/qwen3.json"    # 11.4 MB, 151k tokens
gunzip -c "$DATA/llama3/tokenizer.json.gz" > "$TMP/llama3.json"  # 9.1 MB, 128k tokens
gunzip -c "$DATA/gemma/tokenizer.json.gz" > "$TMP/gemma.json"    # 17.5 MB, 256k tokens, 580k merges
gunzip -c "$DATA/o200k_base/tokenizer.json.gz" > "$TMP/o200k.json"

field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
report() {  # name, lineage line, peer line, target ms
  local ours peer
  ours=$(field "$2" ms_cpu); peer=$(field "$3" ms_cpu)
  python3 - "$1" "$ours" "$peer" "$4" "$(field "$2" ms_wall)" <<'PY'
import sys
name, ours, peer, target, wall = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
verdict = "meets" if ours < target else "MISSES"
print(f"{name:<34} lineage {ours:9.1f} ms cpu ({wall:8.1f} wall) | python {peer:9.1f} ms cpu | "
      f"ratio {peer / ours:6.1f}x | target < {target:.0f} ms: {verdict}")
PY
}

echo "simdjson parse floor: $("$BIN" parse-only "$TMP/qwen3.json" 5)"
for f in qwen3 llama3; do
  report "load $f.json" "$("$BIN" load "$TMP/$f.json" 5)" "$(python3 "$PEER" load "$TMP/$f.json" 2)" 100
done
report "compare gemma vs o200k (256k/200k)" "$("$BIN" compare "$TMP/gemma.json" "$TMP/o200k.json" 3)" \
  "$(python3 "$PEER" compare "$TMP/gemma.json" "$TMP/o200k.json" 2)" 1000
report "compare gemma vs gemma (256k/256k)" "$("$BIN" compare "$TMP/gemma.json" "$TMP/gemma.json" 3)" \
  "$(python3 "$PEER" compare "$TMP/gemma.json" "$TMP/gemma.json" 2)" 1000
