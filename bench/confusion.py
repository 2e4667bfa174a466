#!/usr/bin/env python3
"""Confusion table of `lineage weights` over the shipped models with known lineage (issue #13).

  bench/confusion.py BUILD/lineage [--jobs N] [--strict] [--pairs-out FILE] [--cache FILE]

Runs `lineage weights A B --json --threads 1` (under nice) on every unordered pair of models in
examples/models and examples/family, and tabulates the verdict against the truth in
examples/family/lineages.json: two models are related iff they share a lineage root.

Which models: every model in lineages.json except
- traj-s1 steps: intermediate checkpoints of indep-s1's run, and step-02400 is byte-identical to
  indep-s1 (`same_as`), so they would only repeat indep-s1's pairs;
- base-gguf-f32, which is base in another container: it is paired with base only (one
  format-conversion pair), not with every model, where it would repeat base's pairs.

Rows: the true relation and a finer class (for related pairs the derivation path, e.g.
"fine-tune" or "siblings"; for independent pairs what their roots share: same-data seeds,
distillate vs its teacher's lineage, ...). Columns: the verdict (derived / independent /
inconclusive / other, where other is any other verdict or a failed run). Then the power statement
of every "independent" verdict, with counts.

--cache FILE keeps each pair's record keyed by the SHA-256 of the binary, of the shipped calibration
panels (data/calibration, which the verdicts use) and of both models' files,
so a rerun (or a run while models are still being made) only runs the pairs that changed; the
printed runtime counts the pairs run now, and the sum of every record's own seconds is printed too.

Runtime (2026-12-04, RelWithDebInfo build, the shared 2-core machine, --threads 1, --jobs 2):
211 pairs of 22 models in 390 s of wall time, 3.7 s of lineage per pair (778 s in all). Under
heavier load from other builds the same pairs took 7.2 s each.

Exit status: 0 whenever the table was produced (it is a report). With --strict, 1 when any related
pair is not "derived" or any independent pair is not "independent" (the acceptance of #13).
"""
import argparse
import collections
import concurrent.futures
import hashlib
import itertools
import json
import os
import subprocess
import sys
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
COLUMNS = ("derived", "independent", "inconclusive", "other")


def load_truth():
    with open(os.path.join(REPO, "examples", "family", "lineages.json")) as f:
        return json.load(f)["models"]


def pairs_of(models):
    names = [n for n, m in models.items()
             if not n.startswith("traj-s1/") and n != "base-gguf-f32"]
    out = list(itertools.combinations(sorted(names), 2))
    out.append(("base", "base-gguf-f32"))
    return out


def ancestors(models, name):
    chain = []
    while name is not None:
        chain.append(name)
        name = models[name]["parent"]
    return chain


def root_type(models, root):
    """A root named after a model is that model's run (seed-N, distill-N, indep-s1)."""
    kind = models[root]["kind"] if root in models else "original"
    if kind == "distillate":
        return "distillate"
    if kind == "seed":
        return "seed"
    return "base-lineage"


INDEPENDENT_CLASSES = {
    ("seed", "seed"): "same-data seed pair",
    ("base-lineage", "distillate"): "distillate vs its teacher's lineage",
    ("distillate", "distillate"): "distillates of one teacher",
    ("distillate", "seed"): "seed vs distillate",
    ("base-lineage", "seed"): "seed vs stories260K lineage",
}


def truth(models, a, b):
    """('related' | 'independent', finer class)."""
    ra, rb = models[a]["root"], models[b]["root"]
    if ra == rb:
        ca, cb = ancestors(models, a), ancestors(models, b)
        for x, chain_y in ((a, cb), (b, ca)):
            if x in chain_y:
                y = b if x == a else a
                path = ancestors(models, y)[: ancestors(models, y).index(x)]
                return "related", " + ".join(models[n]["kind"] for n in reversed(path))
        return "related", "siblings"
    ta, tb = sorted((root_type(models, ra), root_type(models, rb)))
    fine = INDEPENDENT_CLASSES[(ta, tb)]
    if models[a]["parent"] is not None or models[b]["parent"] is not None:
        fine += " (a derived member)"
    return "independent", fine


def model_path(models, name):
    return os.path.join(REPO, models[name]["path"])


def digest(path):
    h = hashlib.sha256()
    paths = [path] if os.path.isfile(path) else sorted(
        os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs)
    for p in paths:
        with open(p, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def run_pair(binary, models, a, b):
    cmd = ["nice", binary, "weights", model_path(models, a), model_path(models, b), "--json",
           "--threads", "1"]
    t0 = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    rec = {"a": a, "b": b, "exit": p.returncode, "seconds": round(time.time() - t0, 2)}
    try:
        j = json.loads(p.stdout)
    except ValueError:
        rec["error"] = (p.stderr.strip() or p.stdout.strip())[-400:]
        return rec
    rec["verdict"] = j.get("verdict")
    rec["reason"] = j.get("reason")
    # The smallest corrected p a component verdict rests on: what the null line is compared with.
    ps = [c["log10_p"] for c in j.get("components", []) if c.get("log10_p") is not None]
    if ps:
        rec["min_log10_p_adj"] = min(ps)
    power = j.get("power") or {}
    rec["power"] = {k: power.get(k) for k in ("lower_bound", "power", "controls", "detections",
                                               "measured", "description") if k in power}
    return rec


def power_statement(rec):
    p = rec.get("power") or {}
    parts = []
    if "lower_bound" in p:
        parts.append("lower bound %s" % p["lower_bound"])
    if "power" in p:
        parts.append("power %s" % p["power"])
    if "detections" in p or "controls" in p:
        parts.append("%s/%s controls" % (p.get("detections", "?"), p.get("controls", "?")))
    if "measured" in p:
        parts.append("measured" if p["measured"] else "not measured")
    s = ", ".join(parts) or "no power reported"
    if p.get("description"):
        s += ": " + p["description"]
    return s


def column(rec):
    v = rec.get("verdict")
    return v if v in COLUMNS[:3] else "other"


def print_table(rows, title):
    width = max([len(title)] + [len(r) for r in rows]) + 2
    print(title.ljust(width) + "".join(c.rjust(14) for c in COLUMNS) + "total".rjust(8))
    for r in sorted(rows):
        cnt = rows[r]
        print(r.ljust(width) + "".join(str(cnt[c]).rjust(14) for c in COLUMNS) +
              str(sum(cnt.values())).rjust(8))


def print_null_margin(results):
    """Where the truly independent pairs sit against the null line (log10 p_adj ≤ −3 holds a
    pair back from "independent", METHODS §10.1): counts per decade and the closest pair."""
    indep = [r for r in results if r["truth"][0] == "independent" and "min_log10_p_adj" in r]
    if not indep:
        return
    bins = collections.Counter()
    for r in indep:
        v = r["min_log10_p_adj"]
        bins["<= -3" if v <= -3 else "(-3, -2]" if v <= -2 else "(-2, -1]" if v <= -1 else
             "> -1"] += 1
    print("independent pairs by their smallest corrected log10 p (null line -3): " +
          ", ".join("%s: %d" % (k, bins[k]) for k in ("<= -3", "(-3, -2]", "(-2, -1]", "> -1")))
    r = min(indep, key=lambda r: r["min_log10_p_adj"])
    print("  closest: %s ~ %s at %.2f (%s)" % (r["a"], r["b"], r["min_log10_p_adj"], r["verdict"]))


def report(results):
    coarse = collections.defaultdict(collections.Counter)
    fine = collections.defaultdict(collections.Counter)
    powers = collections.Counter()
    failures = []
    for rec in results:
        rel, cls = rec["truth"]
        col = column(rec)
        coarse[rel][col] += 1
        fine["%s: %s" % (rel, cls)][col] += 1
        if col == "independent":
            powers[power_statement(rec)] += 1
        if col != {"related": "derived", "independent": "independent"}[rel]:
            failures.append(rec)
    print_table(coarse, "true relation")
    print()
    print_table(fine, "true relation: class")
    print()
    print("power carried by each 'independent' verdict:")
    for s, n in powers.most_common():
        print("  %4d x %s" % (n, s))
    print()
    print_null_margin(results)
    print()
    print("pairs off the acceptance (related not derived, or independent not independent): %d"
          % len(failures))
    for rec in failures:
        why = rec.get("verdict") or ("error: " + rec.get("error", "exit %d" % rec["exit"]))
        print("  %s ~ %s  [%s: %s]  -> %s" % (rec["a"], rec["b"], rec["truth"][0], rec["truth"][1],
                                             why))
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("lineage", help="path of the built lineage binary")
    ap.add_argument("--jobs", type=int, default=1, help="pairs run at once (each 1 thread)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when any pair is off")
    ap.add_argument("--pairs-out", help="write every pair's record here (JSON lines)")
    ap.add_argument("--cache", help="pair records kept across runs (JSON lines)")
    args = ap.parse_args()
    models = load_truth()
    pairs = [(a, b) for a, b in pairs_of(models)
             if os.path.exists(model_path(models, a)) and os.path.exists(model_path(models, b))]
    cache = {}
    if args.cache and os.path.exists(args.cache):
        with open(args.cache) as f:
            cache = {r["key"]: r for r in map(json.loads, f)}
    bin_digest = digest(args.lineage) + digest(os.path.join(REPO, "data", "calibration"))
    digests = {n: digest(model_path(models, n)) for n in {x for p in pairs for x in p}}
    keys = {p: hashlib.sha256(("%s %s %s" % (bin_digest, digests[p[0]], digests[p[1]])).encode())
            .hexdigest() for p in pairs}
    todo = [p for p in pairs if keys[p] not in cache]
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        for p, rec in zip(todo, ex.map(lambda ab: run_pair(args.lineage, models, *ab), todo)):
            rec["key"] = keys[p]
            cache[keys[p]] = rec
            if args.cache:
                with open(args.cache, "a") as f:
                    f.write(json.dumps(rec) + "\n")
    elapsed = time.time() - t0
    results = [dict(cache[keys[p]], a=p[0], b=p[1]) for p in pairs]
    for rec in results:
        rec["truth"] = truth(models, rec["a"], rec["b"])
    print("lineage weights over %d pairs of %d models: %d run now in %.1f s (%d jobs), %d from "
          "the cache; %.1f s of lineage time in all records" % (
              len(pairs), len(digests), len(todo), elapsed, args.jobs, len(pairs) - len(todo),
              sum(r["seconds"] for r in results)))
    print()
    failures = report(results)
    if args.pairs_out:
        with open(args.pairs_out, "w") as f:
            for rec in results:
                f.write(json.dumps(rec) + "\n")
    sys.exit(1 if args.strict and failures else 0)


if __name__ == "__main__":
    main()
