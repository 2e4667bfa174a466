#!/usr/bin/env bash
# peak_rss_anon.sh CMD...: runs CMD, samples its RssAnon every 20 ms, prints
# "elapsed_s=<s> peak_rss_anon_mb=<mb>" on stderr; CMD's stdout passes through.
set -uo pipefail
start=$(date +%s.%N)
"$@" &
pid=$!
peak=0
while kill -0 "$pid" 2>/dev/null; do
  kb=$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  [ -n "$kb" ] && [ "$kb" -gt "$peak" ] && peak=$kb
  sleep 0.02
done
wait "$pid"
rc=$?
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v p="$peak" 'BEGIN { printf "elapsed_s=%.3f peak_rss_anon_mb=%.1f\n", e - s, p / 1024 }' >&2
exit $rc
