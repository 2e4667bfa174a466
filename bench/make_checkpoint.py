#!/usr/bin/env python3
"""Writes bench checkpoints (standard library only).

  make_checkpoint.py random PATH GIB      one BF16 safetensors of GIB GiB of random bytes
  make_checkpoint.py sparse100b DIR       a 40-shard Llama-like ~132B-parameter layout of sparse
                                          files with real headers (only headers are written)
"""
import json
import os
import struct
import sys


def header_bytes(tensors):
    """tensors: list of (name, dtype, shape, nbytes). Returns the padded header and data size."""
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name, dtype, shape, nbytes in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + nbytes]}
        offset += nbytes
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text, offset


def random_file(path, gib):
    rows, cols = 8192, 4096  # 64 MiB of BF16 per tensor
    per = rows * cols * 2
    count = gib * (1 << 30) // per
    tensors = [(f"model.layers.{i}.mlp.up_proj.weight", "BF16", [rows, cols], per) for i in range(count)]
    head, size = header_bytes(tensors)
    tmp = path + ".part"
    with open(tmp, "wb") as f:
        f.write(head)
        left = size
        while left:
            n = min(left, 64 << 20)
            f.write(os.urandom(n))
            left -= n
    os.replace(tmp, path)


def sparse_100b(out_dir):
    d, layers, heads, kv, hd, inter, vocab = 12288, 84, 96, 8, 128, 32768, 128256
    t = [("model.embed_tokens.weight", [vocab, d])]
    for l in range(layers):
        p = f"model.layers.{l}."
        t += [(p + "input_layernorm.weight", [d]), (p + "self_attn.q_proj.weight", [heads * hd, d]),
              (p + "self_attn.k_proj.weight", [kv * hd, d]), (p + "self_attn.v_proj.weight", [kv * hd, d]),
              (p + "self_attn.o_proj.weight", [d, heads * hd]), (p + "post_attention_layernorm.weight", [d]),
              (p + "mlp.gate_proj.weight", [inter, d]), (p + "mlp.up_proj.weight", [inter, d]),
              (p + "mlp.down_proj.weight", [d, inter])]
    t += [("model.norm.weight", [d]), ("lm_head.weight", [vocab, d])]
    shards, per = 40, (len(t) + 39) // 40
    os.makedirs(out_dir, exist_ok=True)
    weight_map, total = {}, 0
    for s in range(shards):
        group = t[s * per:(s + 1) * per]
        name = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
        specs = []
        for n, shape in group:
            numel = 1
            for x in shape:
                numel *= x
            specs.append((n, "BF16", shape, numel * 2))
            weight_map[n] = name
        head, size = header_bytes(specs)
        total += size
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(head)
            f.truncate(len(head) + size)
    with open(os.path.join(out_dir, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f)
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump({"model_type": "llama", "hidden_size": d, "num_hidden_layers": layers,
                   "num_attention_heads": heads, "num_key_value_heads": kv, "intermediate_size": inter,
                   "vocab_size": vocab, "tie_word_embeddings": False}, f)


if __name__ == "__main__":
    if sys.argv[1] == "random":
        random_file(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "sparse100b":
        sparse_100b(sys.argv[2])
    else:
        sys.exit(__doc__)
