#!/usr/bin/env bash
# The portable build runs on a CPU without AVX2: qemu-user emulating a Nehalem (SSE4.2, no AVX;
# qemu's default qemu64 model lacks SSE4.2, which x86-64-v2 needs). Skipped (exit 77) when
# qemu-x86_64 is absent (scripts/install-deps.sh installs qemu-user) or the build is -march=native.
# Usage: baseline_cpu_test.sh LINEAGE_BINARY SOURCE_DIR NATIVE(ON|OFF)
set -euo pipefail
BIN=$1
SRC=$2
if [ "${3:-OFF}" = ON ]; then
  echo "SKIP: LINEAGE_NATIVE=ON builds for this CPU only; nothing portable to check"; exit 77
fi
if ! command -v qemu-x86_64 >/dev/null; then
  echo "SKIP: qemu-x86_64 not installed (Debian package qemu-user; scripts/install-deps.sh)"; exit 77
fi
# GLIBC_TUNABLES set: lineage would otherwise re-execute itself (cli/huge_page_malloc.h), and
# that exec would leave the emulator and run on the host CPU. OPENBLAS_CORETYPE: under qemu-user,
# OpenBLAS (Debian's build picks its kernels at run time) sees the host's CPU and loads its
# Haswell kernels, which then fault; on a real Nehalem it picks Nehalem itself. The check is
# about lineage's own code, so OpenBLAS is told the emulated CPU.
run() {
  GLIBC_TUNABLES=glibc.malloc.hugetlb=0 OPENBLAS_CORETYPE=Nehalem qemu-x86_64 -cpu Nehalem "$BIN" "$@"
}
out=$(run --version)
echo "$out"
grep -q "^lineage " <<<"$out" || { echo "FAIL: --version under Nehalem: $out"; exit 1; }
out=$(run inspect "$SRC/examples/models/base" --json)
grep -q '"parameters"\|"tensors"' <<<"$out" || { echo "FAIL: inspect under Nehalem"; exit 1; }
echo "ok: inspect examples/models/base under qemu -cpu Nehalem"
# The compare of the demo, its verdicts held to the host run's.
cmp_args=(compare "$SRC/examples/models/ft-sft" "$SRC/examples/models/base"
          "$SRC/examples/models/indep-s1" --json --quiet --threads 1)
emu=$(run "${cmp_args[@]}" | python3 -c 'import json,sys; print([r["verdict"] for r in json.load(sys.stdin)["results"]])')
host=$(GLIBC_TUNABLES=glibc.malloc.hugetlb=0 "$BIN" "${cmp_args[@]}" | python3 -c 'import json,sys; print([r["verdict"] for r in json.load(sys.stdin)["results"]])')
echo "verdicts: Nehalem $emu, host $host"
[ "$emu" = "$host" ] || { echo "FAIL: verdicts differ between Nehalem and the host"; exit 1; }
echo "ok: compare under qemu -cpu Nehalem gives the host's verdicts"
