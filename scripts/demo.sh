#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and runs lineage's main job on
# the bundled example models (examples/models: real tiny models with known lineage, see its
# MANIFEST.md). Writes report.html (open it in a browser; it needs no network).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# Only the binary: tests, benchmarks and fuzzers are the test command's (scripts/test.sh) job.
bash scripts/build.sh lineage
BIN=${BUILD_DIR:-build}/lineage
M=examples/models
echo
echo "== lineage inspect $M/base"
"$BIN" inspect "$M/base"
echo
echo "== lineage compare $M/ft-sft $M/base $M/indep-s1   (is ft-sft derived from either?)"
"$BIN" compare "$M/ft-sft" "$M/base" "$M/indep-s1" --html report.html --md report.md
echo
echo "Reports written: report.html (charts, opens offline) and report.md."
