#!/usr/bin/env python3
"""Writes GGUF files of the shipped tiny Llama models, for the behaviour tests' real engine.

The shipped base-gguf-f32.gguf is the template: its metadata (architecture, hyper-parameters and
the 512-piece tokenizer) is kept byte for byte, except `general.name`; its tensor list and order
are kept, and every tensor's values are replaced by

  - an HF directory's model.safetensors (F32 or F16; Q/K rows turned from HF's rotate-half order
    into llama.cpp's interleaved order, as llama.cpp's convert_hf_to_gguf.py does), or
  - a seeded random init (every matrix N(0, 0.02), norm weights 1): an untrained model of the
    same shape, unrelated to every trained model by construction.

Only the shape of examples/models (hidden 64, 5 layers, 8/4 heads, FFN 172, tied embeddings) is
supported: anything else is refused with a message, never written half-right.

Usage:
  make_gguf.py --template T.gguf --out X.gguf --name NAME (--hf DIR | --random-seed N)
  make_gguf.py --self-check T.gguf HF_DIR   # converting HF_DIR must give T's tensors exactly
Python 3 standard library and numpy only.
"""

import argparse
import json
import pathlib
import struct
import sys

import numpy as np

ALIGN = 32
N_HEAD, N_HEAD_KV = 8, 4
GGML_F32 = 0


class Template:
    """The parsed template: raw KV records, tensor infos (name, dims, type) in file order."""

    def __init__(self, data):
        self.data = data
        if data[:4] != b"GGUF" or struct.unpack_from("<I", data, 4)[0] != 3:
            raise ValueError("template is not a GGUF v3 file")
        n_tensors, n_kv = struct.unpack_from("<QQ", data, 8)
        self.pos = 24
        self.kv = []  # (key, raw bytes of the whole record)
        for _ in range(n_kv):
            start = self.pos
            key = self._string()
            vtype = self._u32()
            self._skip_value(vtype)
            self.kv.append((key, data[start:self.pos]))
        self.tensors = []
        for _ in range(n_tensors):
            name = self._string()
            n_dims = self._u32()
            dims = struct.unpack_from("<%dQ" % n_dims, data, self.pos)
            self.pos += 8 * n_dims
            ttype, offset = struct.unpack_from("<IQ", data, self.pos)
            self.pos += 12
            if ttype != GGML_F32:
                raise ValueError(f"template tensor {name} is not F32")
            self.tensors.append((name, dims, offset))
        self.data_start = (self.pos + ALIGN - 1) // ALIGN * ALIGN

    def tensor(self, name):
        for n, dims, offset in self.tensors:
            if n == name:
                count = int(np.prod(dims))
                start = self.data_start + offset
                return np.frombuffer(self.data[start:start + 4 * count], "<f4")
        raise KeyError(name)

    def _u32(self):
        v = struct.unpack_from("<I", self.data, self.pos)[0]
        self.pos += 4
        return v

    def _string(self):
        n = struct.unpack_from("<Q", self.data, self.pos)[0]
        s = self.data[self.pos + 8:self.pos + 8 + n].decode()
        self.pos += 8 + n
        return s

    def _skip_value(self, vtype):
        sizes = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
        if vtype == 8:
            self._string()
        elif vtype == 9:
            etype = self._u32()
            n = struct.unpack_from("<Q", self.data, self.pos)[0]
            self.pos += 8
            for _ in range(n):
                self._skip_value(etype)
        elif vtype in sizes:
            self.pos += sizes[vtype]
        else:
            raise ValueError(f"unknown GGUF value type {vtype}")


def string_kv(key, value):
    k, v = key.encode(), value.encode()
    return struct.pack("<Q", len(k)) + k + struct.pack("<I", 8) + struct.pack("<Q", len(v)) + v


def read_safetensors(path):
    raw = path.read_bytes()
    n = struct.unpack_from("<Q", raw, 0)[0]
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = {"F32": "<f4", "F16": "<f2"}.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"{path}: tensor {name} has dtype {info['dtype']}, not F32/F16")
        a, b = info["data_offsets"]
        out[name] = np.frombuffer(raw[base + a:base + b], dtype).astype("<f4").reshape(info["shape"])
    return out


def to_interleaved(w, n_head):
    """HF rotate-half rows -> llama.cpp interleaved rows (convert_hf_to_gguf.py's permute)."""
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def hf_name(gguf_name):
    fixed = {"token_embd.weight": "model.embed_tokens.weight", "output_norm.weight": "model.norm.weight"}
    if gguf_name in fixed:
        return fixed[gguf_name]
    _, layer, part, _ = gguf_name.split(".")
    parts = {
        "attn_norm": "input_layernorm", "ffn_norm": "post_attention_layernorm",
        "attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj", "attn_v": "self_attn.v_proj",
        "attn_output": "self_attn.o_proj", "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj",
        "ffn_down": "mlp.down_proj",
    }
    return f"model.layers.{layer}.{parts[part]}.weight"


def hf_values(template, hf_dir):
    tensors = read_safetensors(hf_dir / "model.safetensors")
    values = {}
    for name, dims, _ in template.tensors:
        w = tensors.get(hf_name(name))
        if w is None:
            raise ValueError(f"{hf_dir}: no tensor {hf_name(name)} (only the examples/models shape is supported)")
        if tuple(reversed(w.shape)) != tuple(dims):
            raise ValueError(f"{hf_dir}: {hf_name(name)} has shape {w.shape}, template wants {dims[::-1]}")
        if name.endswith("attn_q.weight"):
            w = to_interleaved(w, N_HEAD)
        elif name.endswith("attn_k.weight"):
            w = to_interleaved(w, N_HEAD_KV)
        values[name] = np.ascontiguousarray(w, "<f4")
    return values


def random_values(template, seed):
    rng = np.random.default_rng(seed)
    values = {}
    for name, dims, _ in template.tensors:
        shape = tuple(reversed(dims))
        if len(shape) == 1:
            values[name] = np.ones(shape, "<f4")
        else:
            values[name] = (rng.standard_normal(shape) * 0.02).astype("<f4")
    return values


def write(template, values, name, out):
    kv = [string_kv(k, name) if k == "general.name" else raw for k, raw in template.kv]
    infos, blobs, offset = [], [], 0
    for tname, dims, _ in template.tensors:
        blob = values[tname].tobytes()
        pad = (-offset) % ALIGN
        blobs.append(b"\0" * pad + blob)
        offset += pad
        k = tname.encode()
        infos.append(struct.pack("<Q", len(k)) + k + struct.pack("<I", len(dims)) +
                     struct.pack("<%dQ" % len(dims), *dims) + struct.pack("<IQ", GGML_F32, offset))
        offset += len(blob)
    head = b"GGUF" + struct.pack("<IQQ", 3, len(template.tensors), len(kv)) + b"".join(kv) + b"".join(infos)
    head += b"\0" * ((-len(head)) % ALIGN)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_bytes(head + b"".join(blobs))
    tmp.replace(out)


def self_check(template, hf_dir):
    values = hf_values(template, hf_dir)
    worst = 0.0
    for name, _, _ in template.tensors:
        worst = max(worst, float(np.max(np.abs(template.tensor(name) - values[name].reshape(-1)))))
    print(f"max |template - converted| over {len(values)} tensors: {worst}")
    return 0 if worst == 0.0 else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--template", type=pathlib.Path)
    ap.add_argument("--out", type=pathlib.Path)
    ap.add_argument("--name")
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--hf", type=pathlib.Path)
    src.add_argument("--random-seed", type=int)
    ap.add_argument("--self-check", nargs=2, type=pathlib.Path, metavar=("TEMPLATE", "HF_DIR"))
    args = ap.parse_args()
    try:
        if args.self_check:
            return self_check(Template(args.self_check[0].read_bytes()), args.self_check[1])
        if not (args.template and args.out and args.name) or (args.hf is None and args.random_seed is None):
            ap.error("--template, --out, --name and one of --hf/--random-seed are required")
        template = Template(args.template.read_bytes())
        values = hf_values(template, args.hf) if args.hf else random_values(template, args.random_seed)
        write(template, values, args.name, args.out)
    except (OSError, ValueError, KeyError) as e:
        print(f"make_gguf: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
