#!/usr/bin/env python3
"""Builds examples/family: a same-data family of tiny Llama models with known lineage.

  sudo tools/family/install-deps.sh
  nice /usr/bin/python3 tools/family/make_family.py --work /tmp/family-work [--only NAME ...]

Stages are cached in --work (corpus arrays, one .pt per model, results.json), so a rerun resumes
and `--only` redoes the named models. Training is CPU-only with torch.set_num_threads(1) and
fully seeded; it never runs in CI or tests. Then tools/family/write_manifest.py writes
examples/family/MANIFEST.md and lineages.json from results.json and the files on disk.
"""
import argparse
import json
import math
import os
import shutil
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402
import llama  # noqa: E402
import transforms  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BASE = os.path.join(REPO, "examples", "models", "base")
OUT = os.path.join(REPO, "examples", "family")
STORE = "F16"  # see MANIFEST: F16 keeps the whole family under ~12 MB
EXACT = ("rotate", "rescale")  # stored F32: their values are not F16-representable


def store_of(recipe):
    return "F32" if recipe.get("camouflage") in EXACT else STORE
BATCH, SEQ = 16, 64
HELDOUT_TOKENS = 16384

KO = ("debian-faq-ko", "gimp-help-ko")
EN = ("debian-reference-en", "manpages")

# name: (kind, parent, recipe). Roots have parent None. Order matters: parents first.
PLAN = {}
for _s in range(1, 7):
    PLAN["seed-%d" % _s] = ("seed", None, dict(init_seed=_s, steps=150, lr=3e-3, data="all"))
for _s in (1, 2):
    PLAN["distill-%d" % _s] = ("distillate", None,
                               dict(init_seed=100 + _s, steps=150, lr=3e-3, data="all",
                                    teacher="examples/models/base"))
PLAN.update({
    "seed-1-ft": ("fine-tune", "seed-1", dict(steps=80, lr=2e-3, data="ko", warmup=10)),
    "seed-1-cpt": ("continued-pretraining", "seed-1", dict(steps=120, lr=2e-3, data="en",
                                                           warmup=10)),
    "seed-1-perm": ("permutation", "seed-1", dict(camouflage="permute")),
    "seed-1-rot": ("rotation", "seed-1", dict(camouflage="rotate")),
    "seed-2-ft": ("fine-tune", "seed-2", dict(steps=80, lr=2e-3, data="en", warmup=10)),
    "seed-2-scale": ("rescaling", "seed-2", dict(camouflage="rescale")),
    "seed-2-prune": ("pruning", "seed-2", dict(structure="prune", steps=40, lr=1e-3, data="all",
                                               warmup=10)),
    "seed-2-dus": ("depth-upscaling", "seed-2", dict(structure="dus", steps=40, lr=1e-3,
                                                     data="all", warmup=10,
                                                     order=[0, 1, 2, 3, 1, 2, 3, 4])),
    "seed-2-moe": ("moe-upcycling", "seed-2", dict(structure="moe", steps=30, lr=1e-3, data="all",
                                                   warmup=10)),
})


if os.environ.get("FAMILY_SMOKE"):  # a 2-step run of every stage, into a scratch folder
    OUT = os.environ["FAMILY_SMOKE"]
    for _v in PLAN.values():
        if "steps" in _v[2]:
            _v[2]["steps"] = 2


def root_of(name):
    while PLAN[name][1] is not None:
        name = PLAN[name][1]
    return name


class Data:
    def __init__(self, work):
        prefix = os.path.join(work, "corpus")
        stats_path = prefix + ".json"
        if not os.path.exists(stats_path):
            stats = corpus.build(os.path.join(BASE, "tokenizer.json"), prefix)
            with open(stats_path, "w") as f:
                json.dump(stats, f, indent=1)
        with open(stats_path) as f:
            self.stats = json.load(f)
        import numpy as np
        self.train = torch.from_numpy(
            np.fromfile(prefix + ".train.u16", dtype=np.uint16).astype(np.int64))
        held = np.fromfile(prefix + ".heldout.u16", dtype=np.uint16).astype(np.int64)
        self.held = torch.from_numpy(held[: HELDOUT_TOKENS + 1])

    def ranges(self, which):
        names = {"all": KO + EN, "ko": KO, "en": EN}[which]
        return [self.stats[n]["train_range"] for n in names]

    def batch(self, which, g):
        rs = self.ranges(which)
        sizes = torch.tensor([b - a - SEQ - 1 for a, b in rs], dtype=torch.float64)
        src = torch.multinomial(sizes / sizes.sum(), BATCH, replacement=True, generator=g)
        xs = []
        for r in src.tolist():
            a = rs[r][0] + int(torch.randint(0, int(sizes[r]), (1,), generator=g))
            xs.append(self.train[a : a + SEQ + 1])
        x = torch.stack(xs)
        return x[:, :-1], x[:, 1:]


def heldout_loss(state, data):
    x = data.held[:HELDOUT_TOKENS].view(-1, 256)
    y = data.held[1 : HELDOUT_TOKENS + 1].view(-1, 256)
    total = 0.0
    with torch.no_grad():
        for i in range(0, x.shape[0], 32):
            lg = llama.forward(state, x[i : i + 32])
            total += torch.nn.functional.cross_entropy(
                lg.reshape(-1, lg.shape[-1]), y[i : i + 32].reshape(-1), reduction="sum").item()
    return total / HELDOUT_TOKENS


def train(state, data, r, seed, teacher=None):
    """AdamW (0.9, 0.95, wd 0.1), linear warmup then cosine to 10% of lr, clip 1.0."""
    params = {k: v.clone().requires_grad_() for k, v in state.items()}
    opt = torch.optim.AdamW(params.values(), lr=r["lr"], betas=(0.9, 0.95), weight_decay=0.1)
    g = torch.Generator().manual_seed(seed)
    steps, warm = r["steps"], r.get("warmup", 30)
    log = []
    for step in range(steps):
        t = step / max(1, steps - 1)
        lr = r["lr"] * (min(1.0, (step + 1) / warm) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * t))))
        for grp in opt.param_groups:
            grp["lr"] = lr
        x, y = data.batch(r["data"], g)
        lg = llama.forward(params, x)
        if teacher is None:
            loss = torch.nn.functional.cross_entropy(lg.reshape(-1, lg.shape[-1]), y.reshape(-1))
        else:
            with torch.no_grad():
                pt = torch.log_softmax(llama.forward(teacher, x), -1)
            ls = torch.log_softmax(lg, -1)
            loss = (pt.exp() * (pt - ls)).sum(-1).mean()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params.values(), 1.0)
        opt.step()
        if step % 50 == 0 or step == steps - 1:
            log.append((step, round(loss.item(), 4)))
            print("  step %d loss %.4f" % (step, loss.item()), flush=True)
    return {k: v.detach() for k, v in params.items()}, log


def cosine(a, b):
    return float(torch.nn.functional.cosine_similarity(a.reshape(1, -1), b.reshape(1, -1)))


def matched_cosines(kind, child, parent, recipe, extra):
    """Per-tensor cosine of the child with the parent tensor it was made from."""
    pairs = {}
    if kind == "pruning":
        for k, v in child.items():
            i = int(k.split(".")[2]) if k.startswith("model.layers.") else None
            w = parent[k]
            if i is not None and ".mlp." in k:
                idx = extra["kept"][i]
                w = w[:, idx] if k.endswith("down_proj.weight") else w[idx]
            pairs[k] = (v, w)
    elif kind == "depth-upscaling":
        for k, v in child.items():
            pk = k
            if k.startswith("model.layers."):
                parts = k.split(".")
                parts[2] = str(recipe["order"][int(parts[2])])
                pk = ".".join(parts)
            pairs[k] = (v, parent[pk])
    elif kind == "moe-upcycling":
        names = {"w1": "gate_proj", "w2": "down_proj", "w3": "up_proj"}
        for k, v in child.items():
            if ".experts." in k:
                parts = k.split(".")
                pk = "model.layers.%s.mlp.%s.weight" % (parts[2], names[parts[6]])
                pairs[k] = (v, parent[pk])
            elif k in parent:
                pairs[k] = (v, parent[k])
    else:
        pairs = {k: (v, parent[k]) for k, v in child.items() if k in parent}
    cos = {k: cosine(a, b) for k, (a, b) in pairs.items() if a.dim() == 2}
    return cos


def load_stored(work, name):
    return llama.round_to(torch.load(os.path.join(work, name + ".pt")), STORE)


def logits_gap(a, b, data):
    x = data.held[:4096].view(-1, 256)
    with torch.no_grad():
        return float((llama.forward(a, x) - llama.forward(b, x)).abs().max())


def make(name, work, data, base_state):
    kind, parent, r = PLAN[name]
    res = {"kind": kind, "parent": parent, "root": root_of(name), "recipe": r}
    t0 = time.time()
    seed = 1000 + sorted(PLAN).index(name)
    extra = {}
    if parent is None:
        state = llama.init_state(r["init_seed"])
        teacher = base_state if r.get("teacher") else None
        state, res["train_log"] = train(state, data, r, seed=r["init_seed"], teacher=teacher)
        res["data_seed"] = r["init_seed"]
    else:
        pstate = load_stored(work, parent)
        g = torch.Generator().manual_seed(seed)
        res["derive_seed"] = seed
        if "camouflage" in r:
            state = getattr(transforms, r["camouflage"])(pstate, g)
            res["logits_max_abs_diff_f32"] = logits_gap(state, pstate, data)
            res["logits_max_abs_diff_stored"] = logits_gap(
                llama.round_to(state, store_of(r)), pstate, data)
        else:
            s = r.get("structure")
            if s == "prune":
                start, kept = transforms.prune_mlp(pstate)
                extra["kept"] = kept
                res["heldout_loss_before_heal"] = heldout_loss(start, data)
            elif s == "dus":
                start = transforms.upscale_depth(pstate, r["order"])
                res["heldout_loss_before_heal"] = heldout_loss(start, data)
            elif s == "moe":
                start = transforms.upcycle_moe(pstate, g)
                res["heldout_loss_before_heal"] = heldout_loss(start, data)
            else:
                start = pstate
            state, res["train_log"] = train(start, data, r, seed=seed)
        cos = matched_cosines(kind, llama.round_to(state, store_of(r)), pstate, r, extra)
        res["cos_min"] = min(cos.values())
        res["cos_min_tensor"] = min(cos, key=cos.get)
        res["cos_median"] = sorted(cos.values())[len(cos) // 2]
    stored = llama.round_to(state, store_of(r))
    res["store"] = store_of(r)
    res["heldout_loss"] = heldout_loss(stored, data)
    up0 = stored.get("model.layers.0.mlp.up_proj.weight",
                     stored.get("model.layers.0.block_sparse_moe.experts.0.w3.weight"))
    bup0 = base_state["model.layers.0.mlp.up_proj.weight"]
    res["cos_base_up0"] = cosine(up0, bup0) if up0.shape == bup0.shape else None
    res["seconds"] = round(time.time() - t0, 1)
    torch.save(state, os.path.join(work, name + ".pt"))
    write_hf(name, state, kind, store_of(r))
    return res


def write_hf(name, state, kind, store):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(BASE, "config.json")) as f:
        cfg = json.load(f)
    cfg["num_hidden_layers"] = llama.n_layers(state)
    cfg["torch_dtype"] = {"F16": "float16", "F32": "float32"}[store]
    if "lm_head.weight" in state:
        cfg["tie_word_embeddings"] = False
    if kind == "moe-upcycling":
        cfg["architectures"] = ["MixtralForCausalLM"]
        cfg["model_type"] = "mixtral"
        cfg["num_local_experts"] = 4
        cfg["num_experts_per_tok"] = 2
        cfg["router_aux_loss_coef"] = 0.02
        cfg["output_router_logits"] = False
        cfg["sliding_window"] = None
        for k in ("mlp_bias", "pretraining_tp", "attention_bias", "head_dim"):
            cfg.pop(k, None)
        cfg["head_dim"] = 8
    else:
        cfg["intermediate_size"] = state["model.layers.0.mlp.up_proj.weight"].shape[0]
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    for fn in ("generation_config.json", "tokenizer.json", "tokenizer_config.json"):
        shutil.copyfile(os.path.join(BASE, fn), os.path.join(d, fn))
    llama.write_safetensors(os.path.join(d, "model.safetensors"), state, store)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    os.makedirs(args.work, exist_ok=True)
    data = Data(args.work)
    base_state = llama.read_safetensors(os.path.join(BASE, "model.safetensors"))
    with open(os.path.join(args.work, "global.json"), "w") as f:
        json.dump({"corpus": data.stats, "base_heldout_loss": heldout_loss(base_state, data),
                   "store": STORE, "batch": BATCH, "seq": SEQ, "heldout_tokens": HELDOUT_TOKENS,
                   "torch": torch.__version__}, f, indent=1)
    for name in PLAN:
        rpath = os.path.join(args.work, name + ".json")
        if (args.only and name not in args.only) or (not args.only and os.path.exists(rpath)):
            continue
        print("== %s" % name, flush=True)
        res = make(name, args.work, data, base_state)
        print(json.dumps({k: v for k, v in res.items() if k != "train_log"}), flush=True)
        with open(rpath, "w") as f:
            json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
