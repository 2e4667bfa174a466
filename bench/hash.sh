#!/usr/bin/env bash
# bench/hash.sh BUILD_DIR: `lineage hash` throughput on a multi-GB random BF16 checkpoint against
# `openssl dgst -sha256` (one stream) × the threads used, in one run; peak RssAnon.
# Target: ratio ≥ 0.85, RssAnon < 256 MB. Env: HASH_BENCH_GIB (4), THREADS (nproc),
# LINEAGE_BENCH_DIR (/tmp/lineage-bench), LINEAGE_BENCH_KEEP=1 keeps the file for the next run.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/random_checkpoint.sh"
cat "$FILE" > /dev/null  # both runs read from the page cache

t0=$(date +%s.%N)
openssl dgst -sha256 "$FILE" > /dev/null
t1=$(date +%s.%N)
bytes=$(stat -c %s "$FILE")

out=$( { "$HERE/peak_rss_anon.sh" "$BUILD/lineage" hash "$FILE" --json --quiet --threads "$THREADS" > /dev/null; } 2>&1 )
echo "$out"
elapsed=$(sed -n 's/.*elapsed_s=\([0-9.]*\).*/\1/p' <<< "$out")
rss=$(sed -n 's/.*peak_rss_anon_mb=\([0-9.]*\).*/\1/p' <<< "$out")
awk -v b="$bytes" -v o="$t0" -v p="$t1" -v e="$elapsed" -v t="$THREADS" -v r="$rss" 'BEGIN {
  peer = b / (p - o) / 1e9; ours = b / e / 1e9;
  printf "openssl_single_stream_gbps=%.3f lineage_hash_gbps=%.3f threads=%d\n", peer, ours, t;
  printf "RATIO lineage_hash / (openssl x threads) = %.3f (target >= 0.85)\n", ours / (peer * t);
  printf "RSS   lineage hash peak RssAnon = %.1f MB (target < 256)\n", r }'
echo "in-process (hash_bench, HashModel vs one EVP stream over the same mapping):"
"$BUILD/bench/hash_bench" "$FILE" "$THREADS"
cleanup_random_checkpoint
