#!/usr/bin/env python3
"""Bench of the behaviour run (issue #14) against the local engine (tests/behaviour):

- agreement: queries per second of `lineage behaviour` at several concurrencies, and the time and
  number of queries the planned prompt count needs to reach the power target (ft-sft vs base,
  three unrelated controls; token prompts);
- chat: the same test on chat-only endpoints with the English and the Korean chat prompts;
- probes: time and queries of the probe suites (all four, English and Korean) for one endpoint
  and for three, with the /tokenize requests of the tokenizer probe counted apart.

Usage: /usr/bin/python3 bench/behaviour.py --lineage build/lineage [--concurrency 1 2 4]
           [--parts agreement chat probes] [--probe-tokens 64]
Prints one JSON object per line. The engine runs llama.cpp with one thread per model; the
machine's load average is printed first (a shared machine changes every figure).
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests/behaviour"))
from engine_harness import EngineHarness, lineage_env  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]


def timed(cmd):
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, env=lineage_env())
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])}... exit {p.returncode}: {p.stderr[-500:]}")
    return json.loads(p.stdout)["behaviour"], time.monotonic() - t0


def agreement_line(part, a, wall, **extra):
    return {"part": part, **extra, "prompts": a["prompts"], "prompts_planned": a["prompts_planned"],
            "queries": a["queries"], "wall_s": round(wall, 2),
            "queries_per_s": round(a["queries"] / wall, 1),
            "max_holm_p": max(x["p_holm"] for x in a["controls"]),
            "closer_than_every_control": a["closer_than_every_control"],
            "power_target": a["power_target"], "alpha": a["alpha"]}


def agreement(lineage, u, concurrency, fault=None, extra=()):
    def v(m):
        return u(m, fault)
    cmd = [lineage, "behaviour", "--candidate", f"ft-sft={v('ft-sft')}",
           "--base", f"base={v('base')}", "--control", f"seed-1={v('seed-1')}",
           "--control", f"seed-2={v('seed-2')}", "--control", f"rand-1={v('rand-1')}",
           "--json", "--no-store", "--concurrency", str(concurrency)] + list(extra)
    return timed(cmd)


def probes(lineage, u, labels, tokens):
    cmd = [lineage, "behaviour", "--candidate", f"{labels[0]}={u(labels[0])}", "--probes", "all",
           "--probe-tokens", str(tokens), "--json", "--no-store"]
    if len(labels) > 1:  # a base and a control make it the agreement's endpoint set too
        cmd += ["--base", f"{labels[1]}={u(labels[1])}", "--control", f"{labels[2]}={u(labels[2])}",
                "--prompts", "1"]
    b, wall = timed(cmd)
    p = b["probes"]
    n_strings = len(p["endpoints"][0].get("tokenizer", {}).get("strings", []))
    agreement_queries = b.get("agreement", {}).get("queries", 0)
    return {"part": "probes", "endpoints": len(labels), "probe_tokens": tokens,
            "probe_queries": p["queries"], "tokenize_requests": n_strings * len(labels),
            "agreement_queries": agreement_queries, "wall_s": round(wall, 2),
            "queries_per_s": round((p["queries"] + agreement_queries) / wall, 1),
            "tokenize_source": p["endpoints"][0].get("tokenizer", {}).get("tokenize_source")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lineage", required=True)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--parts", nargs="+", default=["agreement", "chat", "probes"])
    ap.add_argument("--probe-tokens", type=int, default=64)
    args = ap.parse_args()
    print(json.dumps({"loadavg": os.getloadavg(), "cpus": os.cpu_count()}), flush=True)
    models = {k: v for k, v in EngineHarness().models.items()
              if k in ("base", "ft-sft", "seed-1", "seed-2", "rand-1")}
    with EngineHarness(models) as h:
        u = h.url
        if "agreement" in args.parts:
            for c in args.concurrency:
                a, wall = agreement(args.lineage, u, c)
                print(json.dumps(agreement_line("agreement", a["agreement"], wall, concurrency=c)),
                      flush=True)
        if "chat" in args.parts:
            for lang in ("en", "ko"):
                c = max(args.concurrency)
                a, wall = agreement(args.lineage, u, c, "chatonly",
                                    ["--prompt-mode", "chat", "--probe-lang", lang])
                print(json.dumps(agreement_line("chat", a["agreement"], wall, concurrency=c,
                                                lang=lang)), flush=True)
        if "probes" in args.parts:
            for labels in (["ft-sft"], ["ft-sft", "base", "seed-1"]):
                print(json.dumps(probes(args.lineage, u, labels, args.probe_tokens)), flush=True)
        print(json.dumps({"loadavg_after": os.getloadavg()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
