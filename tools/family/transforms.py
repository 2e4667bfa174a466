"""Derivations of a stored model state (dict of HF-named float32 tensors).

Output-preserving camouflage (verified numerically by make_family.py):
- permute: residual dimensions; per layer the MLP units, the KV groups (with their query heads),
  query heads within a group, and V/O dimensions within a KV head.
- rotate: fold every RMSNorm weight into the matrices that read its output (q/k/v columns for
  input_layernorm, gate/up columns for post_attention_layernorm, the LM head's columns for
  model.norm), set those norms to 1 (RMSNorm without a weight commutes with an orthogonal R:
  rms(R x) = rms(x)), then map the residual basis x -> R x: matrices that read the residual get
  W R^T, matrices that write it get R W, the embedding gets E R^T. The tied embedding cannot
  carry both the input embedding and the folded final norm, so the result has its own
  lm_head.weight (tie_word_embeddings false), as in SliceGPT.
- rescale: paired positive scalings that cancel: norm weight x s with the reading columns / s;
  up_proj rows x a with down_proj columns / a; v rows x b with o columns / b (per KV head, for
  both query heads it serves); k rows x c with q rows / c (c equal within a RoPE pair d, d+hd/2).

Structural (then healed by training in make_family.py): prune (keep half the MLP units by
importance), upscale_depth (duplicate layers), upcycle_moe (Mixtral experts from the MLP).
"""
import torch

HD = 8
NQ = 8
NKV = 4
REP = NQ // NKV


def _layers(s):
    return sorted({int(k.split(".")[2]) for k in s if k.startswith("model.layers.")})


def _rows(w, idx):
    return w[idx].clone()


def permute(s, g):
    s = {k: v.clone() for k, v in s.items()}
    h = s["model.embed_tokens.weight"].shape[1]
    P = torch.randperm(h, generator=g)
    for k in list(s):
        if k.endswith("norm.weight"):
            s[k] = s[k][P]
        elif k.endswith(("q_proj.weight", "k_proj.weight", "v_proj.weight", "gate_proj.weight",
                         "up_proj.weight", "embed_tokens.weight")):
            s[k] = s[k][:, P]
        elif k.endswith(("o_proj.weight", "down_proj.weight")):
            s[k] = s[k][P]
    for i in _layers(s):
        p = "model.layers.%d." % i
        f = s[p + "mlp.up_proj.weight"].shape[0]
        U = torch.randperm(f, generator=g)
        s[p + "mlp.gate_proj.weight"] = s[p + "mlp.gate_proj.weight"][U]
        s[p + "mlp.up_proj.weight"] = s[p + "mlp.up_proj.weight"][U]
        s[p + "mlp.down_proj.weight"] = s[p + "mlp.down_proj.weight"][:, U]
        groups = torch.randperm(NKV, generator=g).tolist()
        kv_rows, q_rows, o_cols, v_rows = [], [], [], []
        for grp in groups:
            tau = torch.randperm(HD, generator=g)
            kv_rows += [grp * HD + d for d in range(HD)]
            v_rows += [grp * HD + int(d) for d in tau]
            for qh in [grp * REP + r for r in torch.randperm(REP, generator=g).tolist()]:
                q_rows += [qh * HD + d for d in range(HD)]
                o_cols += [qh * HD + int(d) for d in tau]
        s[p + "self_attn.k_proj.weight"] = s[p + "self_attn.k_proj.weight"][kv_rows]
        s[p + "self_attn.v_proj.weight"] = s[p + "self_attn.v_proj.weight"][v_rows]
        s[p + "self_attn.q_proj.weight"] = s[p + "self_attn.q_proj.weight"][q_rows]
        s[p + "self_attn.o_proj.weight"] = s[p + "self_attn.o_proj.weight"][:, o_cols]
    return s


def fold_norms(s):
    """Norm weights moved into the matrices reading them; returns an untied state."""
    s = {k: v.clone() for k, v in s.items()}
    s.setdefault("lm_head.weight", s["model.embed_tokens.weight"].clone())
    for i in _layers(s):
        p = "model.layers.%d." % i
        gi = s[p + "input_layernorm.weight"]
        for m in ("q_proj", "k_proj", "v_proj"):
            s[p + "self_attn.%s.weight" % m] = s[p + "self_attn.%s.weight" % m] * gi
        s[p + "input_layernorm.weight"] = torch.ones_like(gi)
        gp = s[p + "post_attention_layernorm.weight"]
        for m in ("gate_proj", "up_proj"):
            s[p + "mlp.%s.weight" % m] = s[p + "mlp.%s.weight" % m] * gp
        s[p + "post_attention_layernorm.weight"] = torch.ones_like(gp)
    s["lm_head.weight"] = s["lm_head.weight"] * s["model.norm.weight"]
    s["model.norm.weight"] = torch.ones_like(s["model.norm.weight"])
    return s


def random_orthogonal(n, g):
    a = torch.randn(n, n, generator=g, dtype=torch.float64)
    q, r = torch.linalg.qr(a)
    return (q * torch.sign(torch.diagonal(r))).to(torch.float32)


def rotate(s, g):
    s = fold_norms(s)
    R = random_orthogonal(s["model.embed_tokens.weight"].shape[1], g)
    for k in list(s):
        if k.endswith(("q_proj.weight", "k_proj.weight", "v_proj.weight", "gate_proj.weight",
                       "up_proj.weight", "embed_tokens.weight", "lm_head.weight")):
            s[k] = s[k] @ R.T
        elif k.endswith(("o_proj.weight", "down_proj.weight")):
            s[k] = R @ s[k]
    return s


def _lognormal(n, g, sigma):
    return torch.exp(torch.randn(n, generator=g) * sigma)


def rescale(s, g, sigma=0.5):
    s = {k: v.clone() for k, v in s.items()}
    for i in _layers(s):
        p = "model.layers.%d." % i
        h = s[p + "input_layernorm.weight"].shape[0]
        si = _lognormal(h, g, sigma)
        s[p + "input_layernorm.weight"] = s[p + "input_layernorm.weight"] * si
        for m in ("q_proj", "k_proj", "v_proj"):
            s[p + "self_attn.%s.weight" % m] = s[p + "self_attn.%s.weight" % m] / si
        sp = _lognormal(h, g, sigma)
        s[p + "post_attention_layernorm.weight"] = s[p + "post_attention_layernorm.weight"] * sp
        for m in ("gate_proj", "up_proj"):
            s[p + "mlp.%s.weight" % m] = s[p + "mlp.%s.weight" % m] / sp
        a = _lognormal(s[p + "mlp.up_proj.weight"].shape[0], g, sigma)
        s[p + "mlp.up_proj.weight"] = s[p + "mlp.up_proj.weight"] * a[:, None]
        s[p + "mlp.down_proj.weight"] = s[p + "mlp.down_proj.weight"] / a
        b = _lognormal(NKV * HD, g, sigma)
        s[p + "self_attn.v_proj.weight"] = s[p + "self_attn.v_proj.weight"] * b[:, None]
        c4 = _lognormal(NKV * HD // 2, g, sigma).view(NKV, HD // 2)
        c = torch.cat([c4, c4], 1).reshape(-1)
        s[p + "self_attn.k_proj.weight"] = s[p + "self_attn.k_proj.weight"] * c[:, None]
        qh = torch.arange(NQ) // REP
        b_q = b.view(NKV, HD)[qh].reshape(-1)
        c_q = c.view(NKV, HD)[qh].reshape(-1)
        s[p + "self_attn.o_proj.weight"] = s[p + "self_attn.o_proj.weight"] / b_q
        s[p + "self_attn.q_proj.weight"] = s[p + "self_attn.q_proj.weight"] / c_q[:, None]
    return s


def prune_mlp(s, keep_fraction=0.5):
    """Keeps the MLP units with the largest |gate_i| |up_i| |down_:,i| in their original order."""
    s = {k: v.clone() for k, v in s.items()}
    kept = {}
    for i in _layers(s):
        p = "model.layers.%d." % i
        gt, up, dn = (s[p + "mlp.%s_proj.weight" % m] for m in ("gate", "up", "down"))
        score = gt.norm(dim=1) * up.norm(dim=1) * dn.norm(dim=0)
        n = int(round(up.shape[0] * keep_fraction))
        idx = torch.sort(torch.topk(score, n).indices).values
        s[p + "mlp.gate_proj.weight"] = gt[idx].clone()
        s[p + "mlp.up_proj.weight"] = up[idx].clone()
        s[p + "mlp.down_proj.weight"] = dn[:, idx].clone()
        kept[i] = idx
    return s, kept


def upscale_depth(s, order):
    """New layer j is a copy of old layer order[j] (SOLAR-style duplication)."""
    out = {k: v.clone() for k, v in s.items() if not k.startswith("model.layers.")}
    for j, src in enumerate(order):
        pre = "model.layers.%d." % src
        for k, v in s.items():
            if k.startswith(pre):
                out["model.layers.%d." % j + k[len(pre):]] = v.clone()
    return out


def upcycle_moe(s, g, n_experts=4, noise=0.002, router_std=0.02):
    """Mixtral layout: block_sparse_moe.gate (router) and experts.E.w1/w2/w3 = gate/down/up."""
    out = {}
    for k, v in s.items():
        if ".mlp." not in k:
            out[k] = v.clone()
    for i in _layers(s):
        p = "model.layers.%d." % i
        q = p + "block_sparse_moe."
        h = s[p + "mlp.up_proj.weight"].shape[1]
        out[q + "gate.weight"] = torch.randn(n_experts, h, generator=g) * router_std
        for e in range(n_experts):
            for src, dst in (("gate_proj", "w1"), ("down_proj", "w2"), ("up_proj", "w3")):
                w = s[p + "mlp.%s.weight" % src]
                out[q + "experts.%d.%s.weight" % (e, dst)] = \
                    w + torch.randn(w.shape, generator=g) * noise
    return out
