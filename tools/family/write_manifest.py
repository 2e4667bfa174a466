#!/usr/bin/env python3
"""Writes examples/family/MANIFEST.md and examples/family/lineages.json.

  /usr/bin/python3 tools/family/write_manifest.py --work /tmp/family-work

Reads the per-model results that make_family.py left in --work and hashes every file under
examples/family. lineages.json covers examples/models too (their relations are fixed by
examples/models/MANIFEST.md), so that one file says, for every shipped model, which randomly
initialised training run it descends from: two models are related iff they share a root.
"""
import argparse
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_family  # noqa: E402

REPO = make_family.REPO
OUT = make_family.OUT

# examples/models, as its MANIFEST.md states them. Paths are relative to the repository root.
SHIPPED = {
    "base": ("examples/models/base", "stories260K", None, "original"),
    "base-gguf-f32": ("examples/models/base-gguf-f32/base-gguf-f32.gguf", "stories260K", "base",
                      "format-conversion"),
    "ft-sft": ("examples/models/ft-sft", "stories260K", "base", "fine-tune"),
    "perm": ("examples/models/perm", "stories260K", "ft-sft", "permutation"),
    "indep-s1": ("examples/models/indep-s1", "indep-s1", None, "distillate"),
}
TRAJ = {0: "random-init", 50: "checkpoint", 200: "checkpoint", 1000: "checkpoint",
        2400: "checkpoint"}


def lineages():
    models = {}
    for name, (path, root, parent, kind) in SHIPPED.items():
        models[name] = {"path": path, "root": root, "parent": parent, "kind": kind,
                        "set": "examples/models"}
    prev = None
    for step, kind in TRAJ.items():
        name = "traj-s1/step-%05d" % step
        models[name] = {"path": "examples/models/" + name, "root": "indep-s1", "parent": prev,
                        "kind": kind, "set": "examples/models"}
        prev = name
    models["traj-s1/step-02400"]["same_as"] = "indep-s1"
    for name, (kind, parent, _) in make_family.PLAN.items():
        models[name] = {"path": "examples/family/" + name, "root": make_family.root_of(name),
                        "parent": parent, "kind": kind, "set": "examples/family"}
    return {
        "about": "Every shipped model's lineage root: the randomly initialised training run it "
                 "descends from. Two models are truly related iff they share a root. 'parent' is "
                 "the model it was made from (null for a root); 'same_as' marks byte-identical "
                 "weights. indep-s1 and the distillates were trained on a teacher's outputs "
                 "(base's samples or logits) from their own random init, so each is its own root.",
        "models": models,
    }


def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def fmt(x, nd=4):
    return "" if x is None else ("%.*f" % (nd, x))


def table(work):
    rows = ["| model | kind | parent | root | steps | lr | data | held-out loss | "
            "min cos to parent (tensor) | median cos | logits max abs diff (F32 / stored) | "
            "cos up0 with base | store |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, (kind, parent, r) in make_family.PLAN.items():
        with open(os.path.join(work, name + ".json")) as f:
            res = json.load(f)
        steps = r.get("steps", 0)
        seed = ("init seed %d" % r["init_seed"]) if "init_seed" in r else \
            ("derive seed %d" % res["derive_seed"])
        cos = "" if parent is None else "%s (`%s`)" % (fmt(res["cos_min"]), res["cos_min_tensor"])
        gap = ""
        if "logits_max_abs_diff_f32" in res:
            gap = "%.1e / %.1e" % (res["logits_max_abs_diff_f32"], res["logits_max_abs_diff_stored"])
        loss = fmt(res["heldout_loss"], 3)
        if "heldout_loss_before_heal" in res:
            loss = "%s (before healing %s)" % (loss, fmt(res["heldout_loss_before_heal"], 3))
        data = r.get("data", "")
        if r.get("teacher"):
            data += ", KL to base's logits"
        rows.append("| `%s` | %s | %s | %s | %d (%s) | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            name, kind, parent and "`%s`" % parent or "", make_family.root_of(name), steps, seed,
            r.get("lr", ""), data, loss, cos, fmt(res.get("cos_median")) if parent else "", gap,
            fmt(res.get("cos_base_up0")), res["store"]))
    return "\n".join(rows)


def files():
    rows = ["| file | bytes | sha256 |", "|---|---|---|"]
    total = 0
    for d, _, fs in sorted(os.walk(OUT)):
        for fn in sorted(fs):
            p = os.path.join(d, fn)
            rel = os.path.relpath(p, OUT)
            if rel in ("MANIFEST.md",):
                continue
            n = os.path.getsize(p)
            total += n
            rows.append("| `%s` | %d | `%s` |" % (rel, n, sha(p)))
    return "\n".join(rows), total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--lineages-only", action="store_true", help="write lineages.json only")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "lineages.json"), "w") as f:
        json.dump(lineages(), f, indent=1)
        f.write("\n")
    if args.lineages_only:
        return
    with open(os.path.join(args.work, "global.json")) as f:
        g = json.load(f)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "MANIFEST.head.md")) as f:
        head = f.read()
    c = g["corpus"]
    pk = "\n".join("| `%s` | %s | %d | %d |" % (n, c[n]["version"], c[n]["documents"],
                                                c[n]["tokens"])
                   for n in make_family.KO + make_family.EN)
    ftab, total = files()
    text = head.format(
        packages=pk, train_tokens=c["train_tokens"], heldout_tokens=c["heldout_tokens"],
        torch=g["torch"], base_loss=fmt(g["base_heldout_loss"], 3), eval_tokens=g["heldout_tokens"],
        batch=g["batch"], seq=g["seq"], table=table(args.work), files=ftab, total=total)
    with open(os.path.join(OUT, "MANIFEST.md"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
