"""The examples' architecture in plain PyTorch, on a dict of tensors keyed by HF names.

Llama (and Mixtral for the upcycled model) exactly as transformers computes it in float32:
RMSNorm x * rsqrt(mean(x^2) + eps) * w; RoPE in HF's rotate-half convention (so Q/K rows are in
HF layout by construction); grouped-query attention where KV head j serves query heads
j*rep .. j*rep+rep-1; SwiGLU MLP down(silu(gate x) * up x); tied embeddings unless the state
holds lm_head.weight. Mixtral's MoE: softmax router, top-k experts, weights renormalised.

Also a minimal safetensors reader and writer (F32 / F16), so nothing outside Debian is needed.
"""
import json
import math
import struct

import numpy as np
import torch

CONFIG = {
    "hidden_size": 64,
    "intermediate_size": 172,
    "num_hidden_layers": 5,
    "num_attention_heads": 8,
    "num_key_value_heads": 4,
    "head_dim": 8,
    "vocab_size": 512,
    "rms_norm_eps": 1e-05,
    "rope_theta": 10000.0,
}

_DT = {"F32": (np.float32, 4), "F16": (np.float16, 2)}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dt, _ = _DT[info["dtype"]]
        a, b = info["data_offsets"]
        arr = np.frombuffer(data[base + a : base + b], dtype=dt).reshape(info["shape"])
        out[name] = torch.from_numpy(arr.astype(np.float32))
    return out


def write_safetensors(path, state, dtype="F32"):
    """Tensors in sorted name order, 8-byte aligned header, little-endian, as HF writes them."""
    np_dt, _ = _DT[dtype]
    header = {}
    blobs = []
    off = 0
    for name in sorted(state):
        arr = state[name].detach().to(torch.float32).contiguous().numpy().astype(np_dt)
        b = arr.astype(arr.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def round_to(state, dtype):
    """The state as it reads back after storage in `dtype`."""
    if dtype == "F32":
        return {k: v.clone() for k, v in state.items()}
    return {k: v.to(torch.float16).to(torch.float32) for k, v in state.items()}


def n_layers(state):
    return 1 + max(int(k.split(".")[2]) for k in state if k.startswith("model.layers."))


def init_state(seed, cfg=CONFIG, std=0.02):
    """Fresh Llama-style init: every matrix N(0, std), every norm weight 1."""
    g = torch.Generator().manual_seed(seed)
    h, f, v = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    hd, nq, nkv = cfg["head_dim"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    shapes = {"model.embed_tokens.weight": (v, h)}
    for i in range(cfg["num_hidden_layers"]):
        p = "model.layers.%d." % i
        shapes.update({
            p + "self_attn.q_proj.weight": (nq * hd, h),
            p + "self_attn.k_proj.weight": (nkv * hd, h),
            p + "self_attn.v_proj.weight": (nkv * hd, h),
            p + "self_attn.o_proj.weight": (h, nq * hd),
            p + "mlp.gate_proj.weight": (f, h),
            p + "mlp.up_proj.weight": (f, h),
            p + "mlp.down_proj.weight": (h, f),
        })
    state = {k: torch.randn(s, generator=g) * std for k, s in sorted(shapes.items())}
    for i in range(cfg["num_hidden_layers"]):
        p = "model.layers.%d." % i
        state[p + "input_layernorm.weight"] = torch.ones(h)
        state[p + "post_attention_layernorm.weight"] = torch.ones(h)
    state["model.norm.weight"] = torch.ones(h)
    return state


def _rms(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def _rope_tables(T, hd, theta):
    inv = 1.0 / (theta ** (torch.arange(0, hd, 2, dtype=torch.float32) / hd))
    ang = torch.outer(torch.arange(T, dtype=torch.float32), inv)
    return torch.cat([ang.cos(), ang.cos()], -1), torch.cat([ang.sin(), ang.sin()], -1)


def _rope(t, cos, sin, hd):
    half = hd // 2
    rot = torch.cat([-t[..., half:], t[..., :half]], -1)
    return t * cos + rot * sin


def _mlp(s, p, h):
    if p + "mlp.gate_proj.weight" in s:
        g = h @ s[p + "mlp.gate_proj.weight"].T
        u = h @ s[p + "mlp.up_proj.weight"].T
        return (torch.nn.functional.silu(g) * u) @ s[p + "mlp.down_proj.weight"].T
    return _moe(s, p + "block_sparse_moe.", h)


def _moe(s, p, h, top_k=2):
    logits = h @ s[p + "gate.weight"].T
    w = torch.softmax(logits, -1)
    topw, topi = w.topk(top_k, -1)
    topw = topw / topw.sum(-1, keepdim=True)
    out = torch.zeros_like(h)
    for e in range(logits.shape[-1]):
        q = p + "experts.%d." % e
        y = (torch.nn.functional.silu(h @ s[q + "w1.weight"].T) * (h @ s[q + "w3.weight"].T)) @ \
            s[q + "w2.weight"].T
        gate = (topw * (topi == e)).sum(-1, keepdim=True)
        out = out + gate * y
    return out


def forward(s, ids, cfg=CONFIG):
    """Logits [B, T, V] for token ids [B, T]."""
    eps, hd, theta = cfg["rms_norm_eps"], cfg["head_dim"], cfg["rope_theta"]
    B, T = ids.shape
    x = s["model.embed_tokens.weight"][ids]
    mask = torch.full((T, T), float("-inf")).triu(1)
    cos, sin = _rope_tables(T, hd, theta)
    for i in range(n_layers(s)):
        p = "model.layers.%d." % i
        h = _rms(x, s[p + "input_layernorm.weight"], eps)
        q = (h @ s[p + "self_attn.q_proj.weight"].T).view(B, T, -1, hd).transpose(1, 2)
        k = (h @ s[p + "self_attn.k_proj.weight"].T).view(B, T, -1, hd).transpose(1, 2)
        v = (h @ s[p + "self_attn.v_proj.weight"].T).view(B, T, -1, hd).transpose(1, 2)
        rep = q.shape[1] // k.shape[1]
        q, k = _rope(q, cos, sin, hd), _rope(k, cos, sin, hd)
        k = k.repeat_interleave(rep, 1)
        v = v.repeat_interleave(rep, 1)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(hd) + mask, -1)
        o = (att @ v).transpose(1, 2).reshape(B, T, -1)
        x = x + o @ s[p + "self_attn.o_proj.weight"].T
        h = _rms(x, s[p + "post_attention_layernorm.weight"], eps)
        x = x + _mlp(s, p, h)
    x = _rms(x, s["model.norm.weight"], eps)
    head = s.get("lm_head.weight", s["model.embed_tokens.weight"])
    return x @ head.T
