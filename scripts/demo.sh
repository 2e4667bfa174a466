#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and runs lineage's main job on
# the bundled example models (examples/models, real tiny models with known lineage).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
BIN=${BUILD_DIR:-build}/lineage
M=examples/models
echo
echo "== lineage inspect $M/base"
"$BIN" inspect "$M/base"
echo
echo "== lineage hash $M/base $M/base-gguf-f32  (same weights in another container)"
"$BIN" hash "$M/base" "$M/base-gguf-f32/base-gguf-f32.gguf"
