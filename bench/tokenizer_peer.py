#!/usr/bin/env python3
"""Peer for bench/tokenizer.sh: the same tokenizer.json load and comparison with the standard
library only (json + sets + dicts), so the C++ figures have a same-machine reference.

  tokenizer_peer.py load FILE [REPS]       json.load + canonical bytes per token + merges
  tokenizer_peer.py compare A B [REPS]     set, id and merge metrics (loading excluded)

Prints one JSON line with best-of-REPS wall and CPU milliseconds.
"""
import json
import sys
import time


def byte_decoder():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(bs, cs)}


DECODER = byte_decoder()


def load(path):
    with open(path, "rb") as f:
        d = json.load(f)
    model = d["model"]
    byte_level = "ByteLevel" in json.dumps(d.get("pre_tokenizer")) + json.dumps(d.get("decoder"))
    special = {a["content"] for a in d.get("added_tokens") or [] if a.get("special")}

    def canon(s):
        if byte_level:
            return bytes(DECODER[c] for c in s)
        return s.replace("\u2581", " ").encode()

    regular = {}
    for tok, i in model["vocab"].items():
        if tok in special:
            continue
        if not byte_level and len(tok) == 6 and tok.startswith("<0x") and tok.endswith(">"):
            continue
        b = canon(tok)
        if byte_level and len(b) == 1:
            continue
        regular[b] = i
    merges = []
    for m in model.get("merges", []):
        a, b = m.split(" ", 1) if isinstance(m, str) else m
        merges.append((canon(a), canon(b)))
    return regular, merges


def spearman(pairs):
    n = len(pairs)
    if n < 2:
        return 0.0
    pairs = sorted(pairs)
    order = sorted(range(n), key=lambda i: pairs[i][1])
    d2 = sum((pos - r) ** 2 for r, pos in enumerate(order))
    return 1 - 6 * d2 / (n * (n * n - 1))


def compare(a, b):
    va, ma = a
    vb, mb = b
    shared = va.keys() & vb.keys()
    jaccard = len(shared) / (len(va) + len(vb) - len(shared))
    same = sum(1 for t in shared if va[t] == vb[t])
    rank_a = {}
    for i, m in enumerate(ma):
        rank_a.setdefault(m, i)
    ranks = [(rank_a[m], j) for j, m in enumerate(mb) if m in rank_a]
    return {"jaccard": jaccard, "same_id_rate": same / max(len(shared), 1),
            "merge_spearman": spearman(ranks)}


def best_of(reps, fn):
    best_wall = best_cpu = float("inf")
    result = None
    for _ in range(reps):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        best_wall = min(best_wall, (time.perf_counter() - w) * 1e3)
        best_cpu = min(best_cpu, (time.process_time() - c) * 1e3)
    return result, best_wall, best_cpu


def main():
    op = sys.argv[1]
    if op == "load":
        reps = int(sys.argv[3]) if len(sys.argv) > 3 else 3
        v, wall, cpu = best_of(reps, lambda: load(sys.argv[2]))
        print(json.dumps({"op": "load", "file": sys.argv[2], "tokens": len(v[0]), "ms_wall": round(wall, 2),
                          "ms_cpu": round(cpu, 2)}))
    elif op == "compare":
        reps = int(sys.argv[4]) if len(sys.argv) > 4 else 3
        a, b = load(sys.argv[2]), load(sys.argv[3])
        r, wall, cpu = best_of(reps, lambda: compare(a, b))
        print(json.dumps({"op": "compare", "jaccard": round(r["jaccard"], 4), "ms_wall": round(wall, 2),
                          "ms_cpu": round(cpu, 2)}))
    else:
        sys.exit("usage: tokenizer_peer.py load FILE [REPS] | compare A B [REPS]")


if __name__ == "__main__":
    main()
