#!/usr/bin/env bash
# The scale acceptance of issue #12: `lineage compare gen/derived gen/base gen/indep` in the
# default (sampled, sequential) mode against bench/hub_generator, a loopback hub that synthesises
# a ≈ 101 B-parameter Qwen3-MoE-like layout (d 5120, 48 blocks × 64 experts × 2048 units, vocab
# 152064, BF16, 38 shards of ≈ 5.3 GB: 202 GB per model) on the fly from seeds, so nothing is
# stored. gen/derived = gen/base + 0.3 sd of seeded noise; gen/indep is another seed.
# The candidate gen/derived is compared with two bases: gen/base (the derived pair) and gen/indep
# (the independent pair).
# Prints, per model: bytes read (lineage's bytes_read) and fetched from the server (the server's
# own counter), their share of the model's bytes, requests; then wall time, peak RssAnon, the load
# average, and the verdicts. A temporary HF_HOME: every run reads over the network. The power
# cache is temporary too (the controls are measured) unless POWER_CACHE names a folder to keep
# and reuse (a second run then times the pair itself, as bench/sequential.sh does). Not run in CI
# (tests/io/hub/hub_generator_test.py checks the generator itself on a tiny layout).
# Usage: bash bench/hub100b.sh BUILD_DIR [extra lineage arguments]   (KEEP=1 keeps $WORK)
# Acceptance: < 5 % of each model's bytes, < 10 min on 2 cores, derived → derived,
# independent → independent.
#
# Measured 2026-12-04 on the shared 2-core machine (load average 2–9 during the runs: the lead's
# tests and two other helpers' builds ran beside it), cold caches, --threads 2. NOT YET MET:
# - Before this branch's changes, the same-role pass read every tensor whole: 202 GB per model.
# - Now (sampled same-role windows, no SVD that cannot change a decision), the first pair
#   (gen/derived vs gen/base) reads, from the server's counters: embeddings 1.56 GB per model in
#   90 s, alignment 30 s (identity kept, no SVD), block signatures 5.2 GB per model in 4 min
#   (48 blocks × expert 0's gate/up plus q/k, which the signatures do not need: LoadBlockUnits
#   reads a block's attention with its signature expert), block map and block tests 1 min. At
#   the start of the power controls: gen/derived 7.7 GB fetched (3.8 % of 202.5 GB), gen/base
#   7.0 GB (3.5 %), then 1 GB more of gen/base for the controls' 2 blocks, then nothing over the
#   network: the controls run from the range cache.
# - The first pair's analysis took about 7 minutes (load 2–4 at its start, 7–9 later). Its 60
#   positive controls then ran for 8 minutes without finishing (each aligns 16k embedding rows at
#   d = 5120 and runs its block tests; the 20 rotation controls also fit a d × d SVD, minutes
#   each on 2 cores), and the run was stopped at 15.5 minutes to leave the machine to the tests
#   before the deadline: no verdicts, no second pair. Peak RssAnon 1.6 GB at that point.
# What is left: the controls' cost at d = 5120 (a cheaper polar factor than Eigen's BDCSVD, or
# controls that share the base's alignment work), q/k out of the block signatures (−3 GB per
# model), then the independent pair. A second run with POWER_CACHE kept would time the pairs.
set -euo pipefail
BUILD=${1:-build}
shift || true
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
THREADS=${THREADS:-2}
cmake --build "$BUILD" --target hub_generator lineage >/dev/null
WORK=$(mktemp -d /tmp/lineage-hub100b.XXXXXX)
GEN_PID=""
cleanup() {
  if [ -n "$GEN_PID" ]; then kill "$GEN_PID" 2>/dev/null || true; wait "$GEN_PID" 2>/dev/null || true; fi
  [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

"$BUILD/bench/hub_generator" --layout 100b > "$WORK/port" &
GEN_PID=$!
for _ in $(seq 100); do grep -q '^port ' "$WORK/port" 2>/dev/null && break; sleep 0.1; done
PORT=$(awk '/^port / {print $2}' "$WORK/port")
[ -n "$PORT" ] || { echo "hub_generator did not start" >&2; exit 1; }
echo "hub_generator on 127.0.0.1:$PORT (pid $GEN_PID); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

start=$(date +%s.%N)
set +e
HF_ENDPOINT="http://127.0.0.1:$PORT" HF_HOME="$WORK/hf" HF_TOKEN="" \
  LINEAGE_POWER_CACHE="${POWER_CACHE:-$WORK/power}" \
  bash "$HERE/peak_rss_anon.sh" "$BUILD/lineage" compare gen/derived gen/base gen/indep --json \
  --quiet --threads "$THREADS" "$@" > "$WORK/report.json" 2> "$WORK/stderr" &
lineage_job=$!
# The server's counters every 15 s, to see when the bytes were read.
while kill -0 "$lineage_job" 2>/dev/null; do
  echo "$(date +%s) $(curl -s "http://127.0.0.1:$PORT/stats" | tr -d '\n')" >> "$WORK/stats.log"
  sleep 15
done
wait "$lineage_job"
rc=$?
set -e
end=$(date +%s.%N)
load=$(cut -d' ' -f1-3 /proc/loadavg)
curl -s "http://127.0.0.1:$PORT/stats" > "$WORK/stats.json"
grep -v '^elapsed_s=' "$WORK/stderr" | tail -n 40 >&2 || true
rss=$(grep -o 'peak_rss_anon_mb=[0-9.]*' "$WORK/stderr" | cut -d= -f2)
[ "$rc" = 0 ] || { echo "lineage exited $rc" >&2; exit "$rc"; }

"$PY" - "$WORK/report.json" "$WORK/stats.json" "$start" "$end" "$rss" "$load" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
stats = json.load(open(sys.argv[2]))
wall = float(sys.argv[4]) - float(sys.argv[3])
models = [report["candidate"]] + report["bases"]
for m in models:
    repo = m["path"].split("@")[0]
    total = m.get("bytes_total") or 0
    read = m.get("bytes_read") or 0
    served = stats["repos"].get(repo, {})
    fetched = served.get("bytes", 0)
    print("%-12s read %8.3f GB (%5.2f %%), fetched %8.3f GB (%5.2f %%) of %7.1f GB; "
          "lineage requests %d, served %d" % (
              repo, read / 1e9, 100.0 * read / max(total, 1), fetched / 1e9,
              100.0 * fetched / max(total, 1), total / 1e9, m.get("requests", 0),
              served.get("requests", 0)))
print("server: %d requests, %.3f GB" % (stats["requests"], stats["bytes"] / 1e9))
print("wall %.1f s, peak RssAnon %s MB, load average after %s" % (wall, sys.argv[5], sys.argv[6]))
for r in report["results"]:
    s = r.get("sampling") or {}
    print("gen/derived vs %s: %s (%s; exact log10 p_adj %s; power lower bound %s); sampling %s" % (
        r["base"], r["verdict"], r.get("reason"), (r.get("exact") or {}).get("log10_p_adjusted"),
        (r.get("power") or {}).get("lower_bound"), json.dumps(s)))
EOF
