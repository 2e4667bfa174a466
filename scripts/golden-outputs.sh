#!/usr/bin/env bash
# Writes the outputs a behaviour-preserving refactor must keep byte-identical: `compare` (text,
# JSON, Korean, Markdown, HTML), `weights` (text and JSON, both argument orders, GGUF vs
# safetensors, an independent pair, a trajectory checkpoint) and `trajectory --json`, on the
# shipped example models. Usage:
#   scripts/golden-outputs.sh BIN OUTDIR
# then compare two trees with `diff -r OUTDIR_BEFORE OUTDIR_AFTER` (each file's .err holds stderr
# and the exit code). Deterministic for a given binary: --threads 2 everywhere, no timestamps.
set -u
BIN=$(readlink -f "${1:?usage: $0 BIN OUTDIR}")
OUT=$(mkdir -p "${2:?usage: $0 BIN OUTDIR}" && cd "$2" && pwd)
cd "$(dirname "$0")/../examples" || exit 1
run() {
  local name=$1
  shift
  "$BIN" "$@" --threads 2 > "$OUT/$name" 2> "$OUT/$name.err"
  echo "exit $?" >> "$OUT/$name.err"
}
run compare.txt compare models/ft-sft models/base models/indep-s1
run compare.json compare models/ft-sft models/base models/indep-s1 --json
run compare_ko.txt compare models/ft-sft models/base models/indep-s1 --lang ko
run compare_perm.txt compare models/perm models/base --md "$OUT/compare_perm.md" \
  --html "$OUT/compare_perm.html"
for a in ft-sft perm indep-s1 base-gguf-f32; do
  run "weights_${a}_base.json" weights "models/$a" models/base --json
  run "weights_${a}_base.txt" weights "models/$a" models/base
done
run weights_base_ft-sft.json weights models/base models/ft-sft --json
run weights_s1_traj.json weights models/indep-s1 models/traj-s1/step-02400 --json
run trajectory.json trajectory models/traj-s1/step-00000 models/traj-s1/step-00050 \
  models/traj-s1/step-00200 models/traj-s1/step-01000 models/traj-s1/step-02400 --json
