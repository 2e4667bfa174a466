#!/usr/bin/env bash
# Regenerates the shipped calibration panel data/calibration/family-tiny-llama.jsonl with
# `lineage calibrate`: one record per pair of independent lineage roots among the shipped tiny
# models (examples/family/lineages.json gives the roots), each root represented by the model that
# starts it:
#   base (stories260K), indep-s1 (trained on base's samples), seed-1 … seed-6 (the family's
#   same-corpus seeds), distill-1 and distill-2 (the family's distillates of base, same corpus).
# 10 roots give 45 records. One record per pair of roots, not per pair of models: derived models
# of a root would only repeat its pairs, and records of one pair of runs are not independent draws.
# Pairs whose two models were trained on the same corpus (every seed and distillate pair) carry
# --same-data; pairs with base or indep-s1 do not (base's corpus is TinyStories, indep-s1's is
# base's samples).
#
# usage: scripts/make-calibration-panels.sh BUILD_DIR [OUT_FILE]
# Run from anywhere; paths in the records are relative to the repository root. Deterministic:
# the default seed is recorded and used; only the `date` field changes between runs.
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR [OUT_FILE]}
root=$(cd "$(dirname "$0")/.." && pwd)
lineage=$(cd "$build" && pwd)/lineage
out=${2:-$root/data/calibration/family-tiny-llama.jsonl}
case "$out" in /*) ;; *) out=$(pwd)/$out ;; esac
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cd "$root"

# name path same-corpus(1/0) provenance
roots=(
  "base examples/models/base 0 stories260K (TinyStories), examples/models MANIFEST"
  "indep-s1 examples/models/indep-s1 0 fresh random init trained on base-generated samples, examples/models MANIFEST"
)
for n in 1 2 3 4 5 6; do
  roots+=("seed-$n examples/family/seed-$n 1 fresh random init (seed $n) trained on the Debian documentation corpus, examples/family MANIFEST")
done
for n in 1 2; do
  roots+=("distill-$n examples/family/distill-$n 1 fresh random init trained on the Debian documentation corpus to match base's logits, examples/family MANIFEST")
done

count=${#roots[@]}
for ((i = 0; i < count; i++)); do
  read -r name_a path_a same_a how_a <<< "${roots[i]}"
  for ((j = i + 1; j < count; j++)); do
    read -r name_b path_b same_b how_b <<< "${roots[j]}"
    flags=()
    if [ "$same_a" = 1 ] && [ "$same_b" = 1 ]; then flags+=(--same-data); fi
    # LINEAGE_CALIBRATION is irrelevant here: calibrate decides refusals with random-init
    # replicas only, never with an existing panel.
    "$lineage" calibrate "$path_a" "$path_b" --quiet --threads 2 --out "$tmp" \
      --lineage-a "tiny/$name_a" --lineage-b "tiny/$name_b" "${flags[@]}" \
      --how "independent lineage roots: $name_a: $how_a; $name_b: $how_b" > /dev/null
  done
done
mv "$tmp" "$out"
trap - EXIT
echo "wrote $(wc -l < "$out") records to $out"
