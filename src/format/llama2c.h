// llama2.c checkpoints: legacy v0, v1 (f32) and v2 (int8 + group scales). FORMATS.md §3.
//
// Contract:
//   - The header's sizes must account for the file size exactly (v0: 28 + 4·Σ sizes; v1/v2:
//     256-byte header + payload); dims must be positive, heads must divide dim and n_kv_heads
//     divide n_heads; all sizes are overflow-checked. Errors name the file and the offset.
//   - Tensors are named as Meta/llama2.c names them (`tok_embeddings.weight`,
//     `layers.N.attention_norm.weight`, `layers.N.attention.wq.weight` (.wk .wv .wo),
//     `layers.N.ffn_norm.weight`, `layers.N.feed_forward.w1.weight` (.w2 .w3), `norm.weight`,
//     `output.weight` only when the classifier is unshared), one TensorInfo per layer (slices of
//     the stacked arrays), with Q/K rows left in the interleaved RoPE order (model/ un-permutes).
//     v0's obsolete RoPE tables are skipped.
//   - v2 (Q8_0-style int8 with per-group f32 scales) has no plain dtype: each quantised weight W
//     becomes two tensors, `W_q8` (I8, W's shape: the codes) and `W_scale` (F32, [numel /
//     group_size]); value = code × scale of its group of group_size consecutive elements. Norms
//     stay F32 under their plain names. model/ combines the pair.
//     Layout note: llama2.c's export.py and runq.c store each (per-layer) tensor's codes followed
//     directly by its scales (FORMATS.md §3), not all codes and then all scales.
//   - Header fields go to Checkpoint::metadata: dim, hidden_dim, n_layers, n_heads, n_kv_heads,
//     vocab_size (absolute), seq_len, shared_classifier, version, and group_size for v2.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "format/checkpoint.h"

namespace lineage {

constexpr uint32_t kLlama2cMagic = 0x616b3432;
constexpr uint64_t kLlama2cHeaderBytes = 256;  // v1 and v2

Result<Checkpoint> OpenLlama2c(const std::string& path,
                               const FileOpener& files = *LocalFileOpener());
Result<Checkpoint> ParseLlama2c(std::unique_ptr<ByteSource> src);

}  // namespace lineage
