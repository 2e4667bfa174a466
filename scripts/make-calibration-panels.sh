#!/usr/bin/env bash
# Regenerates the shipped calibration panel data/calibration/examples-tiny-llama.jsonl with
# `lineage calibrate` from the known-independent pairs of examples/models (MANIFEST.md there):
# every base-lineage model (base, ft-sft, perm) against every trained checkpoint of the
# independent run (traj-s1 steps 200 and 1000, and indep-s1 = step 2400). The random init
# (step 0) and the barely trained step 50 are left out: a trained panel must hold trained models.
#
# usage: scripts/make-calibration-panels.sh BUILD_DIR [OUT_FILE]
# Run from anywhere; paths in the records are relative to the repository root. Deterministic:
# the default seed is recorded and used; only the `date` field changes between runs.
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR [OUT_FILE]}
root=$(cd "$(dirname "$0")/.." && pwd)
lineage=$(cd "$build" && pwd)/lineage
out=${2:-$root/data/calibration/examples-tiny-llama.jsonl}
case "$out" in /*) ;; *) out=$(pwd)/$out ;; esac
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cd "$root"
how_indep="examples/models MANIFEST: independent trained from a fresh random init (traj-s1 run, Llama-style init std 0.02, AdamW on base-generated samples)"
how_base="base lineage (stories260K; ft-sft = base fine-tuned 400 steps; perm = ft-sft permuted)"
for cand in examples/models/traj-s1/step-00200 examples/models/traj-s1/step-01000 examples/models/indep-s1; do
  for base in examples/models/base examples/models/ft-sft examples/models/perm; do
    # LINEAGE_CALIBRATION is irrelevant here: calibrate decides refusals with random-init
    # replicas only, never with an existing panel.
    # Lineage ids (panel format 1.1): leave-lineage-out removes every record of a tested model's
    # lineage. indep-s1 was trained on base-generated samples, not on base's own corpus, so these
    # pairs are not same-data pairs (no --same-data).
    "$lineage" calibrate "$cand" "$base" --quiet --threads 2 --out "$tmp" \
      --lineage-a examples/traj-s1 --lineage-b examples/base \
      --how "$cand: $how_indep; $base: $how_base" > /dev/null
  done
done
mv "$tmp" "$out"
trap - EXIT
echo "wrote $(wc -l < "$out") records to $out"
