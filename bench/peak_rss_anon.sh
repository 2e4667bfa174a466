#!/usr/bin/env bash
# peak_rss_anon.sh CMD...: runs CMD, samples its RssAnon every 20 ms, prints
# "elapsed_s=<s> peak_rss_anon_mb=<mb>" on stderr; CMD's stdout passes through.
# The sampler is one Python process that re-reads /proc/<pid>/status: a shell loop forking awk and
# sleep 100 times a second slowed the 7B pair of bench/weights7b.sh from 50 s to 72 s on 2 cores.
set -uo pipefail
start=$(date +%s.%N)
"$@" &
pid=$!
peak_kb=$(/usr/bin/python3 - "$pid" <<'PY'
import sys, time
pid, peak = sys.argv[1], 0
try:
    with open(f"/proc/{pid}/status", "rb", buffering=0) as f:
        while True:
            f.seek(0)
            text = f.read(8192)
            if not text:
                break
            for line in text.split(b"\n"):
                if line.startswith(b"RssAnon:"):
                    peak = max(peak, int(line.split()[1]))
            if b"State:\tZ" in text:
                break
            time.sleep(0.02)
except (FileNotFoundError, ProcessLookupError):
    pass
print(peak)
PY
)
wait "$pid"
rc=$?
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v p="${peak_kb:-0}" 'BEGIN { printf "elapsed_s=%.3f peak_rss_anon_mb=%.1f\n", e - s, p / 1024 }' >&2
exit $rc
