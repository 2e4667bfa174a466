#!/usr/bin/env bash
# Report rendering: lineage's JSON renderer against a peer serialising the same document
# (Python's json.dumps with indent=2, C-accelerated), in the same run.
# Usage: bash bench/report.sh BUILD_DIR
set -euo pipefail
build="${1:?usage: bench/report.sh BUILD_DIR}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
lineage_line="$("$build/bench/report_bench" "$out/report.json")"
echo "$lineage_line"
t_lineage="$(echo "$lineage_line" | awk '/^render_json/ {print $2}')"
t_peer="$(python3 - "$out/report.json" <<'PY'
import json, sys, time
doc = json.load(open(sys.argv[1]))
runs = 5
start = time.perf_counter()
for _ in range(runs):
    text = json.dumps(doc, indent=2, ensure_ascii=False)
print((time.perf_counter() - start) / runs)
PY
)"
python3 -c "import sys; l, p = float(sys.argv[1]), float(sys.argv[2]); print(f'peer python json.dumps {p:.4f} s; lineage/peer = {l/p:.2f}')" "$t_lineage" "$t_peer"
