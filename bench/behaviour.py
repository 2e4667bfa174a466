#!/usr/bin/env python3
"""Bench of the behaviour test (issue #14) against the local engine (tests/behaviour): queries per
second of `lineage behaviour` at several concurrencies, and the time and number of queries the
planned prompt count needs to reach the power target (ft-sft vs base, three unrelated controls).

Usage: /usr/bin/python3 bench/behaviour.py --lineage build/lineage [--concurrency 1 2 4]
Prints one JSON object per line. The engine runs llama.cpp with one thread per model.
"""

import argparse
import json
import pathlib
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests/behaviour"))
from engine_harness import EngineHarness  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lineage", required=True)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4])
    args = ap.parse_args()
    models = {k: v for k, v in EngineHarness().models.items()
              if k in ("base", "ft-sft", "seed-1", "seed-2", "rand-1")}
    with EngineHarness(models) as h:
        u = h.url
        for c in args.concurrency:
            cmd = [args.lineage, "behaviour", "--candidate", f"ft-sft={u('ft-sft')}",
                   "--base", f"base={u('base')}", "--control", f"seed-1={u('seed-1')}",
                   "--control", f"seed-2={u('seed-2')}", "--control", f"rand-1={u('rand-1')}",
                   "--json", "--no-store", "--concurrency", str(c)]
            t0 = time.monotonic()
            p = subprocess.run(cmd, capture_output=True, text=True, check=True)
            wall = time.monotonic() - t0
            a = json.loads(p.stdout)["behaviour"]["agreement"]
            print(json.dumps({"concurrency": c, "prompts": a["prompts"], "queries": a["queries"],
                              "wall_s": round(wall, 2), "queries_per_s": round(a["queries"] / wall, 1),
                              "max_holm_p": max(x["p_holm"] for x in a["controls"]),
                              "power_target": a["power_target"], "alpha": a["alpha"]}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
