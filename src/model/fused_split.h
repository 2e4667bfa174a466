// Expands one stored tensor into its canonical tensors: fused qkv → q, k, v; gate_up → gate, up;
// GGUF stacked experts → one tensor per expert; plus Q/K un-permutation and Conv1D transposition.
//
// Contract: pure; checks that the geometry accounts for the stored rows exactly (a mismatch is
// an error naming the tensor, never a silent guess). Plain tensors come back as one ModelTensor.
#pragma once

#include <vector>

#include "format/checkpoint.h"
#include "model/model.h"
#include "model/model_config.h"
#include "model/naming.h"

namespace lineage {

struct ExpandOptions {
  Geometry geometry;
  bool gguf = false;            // GGUF attn_qkv is always [q; k; v]
  bool interleaved_qk = false;  // Q/K rows in interleaved-RoPE order (GGUF llama, Meta, llama2.c)
  bool gate_up_interleaved = false;  // GPT-OSS: gate on even rows, up on odd rows
};

Result<std::vector<ModelTensor>> ExpandTensor(const TensorInfo& info, const NameRole& name_role,
                                              const ExpandOptions& opt);

}  // namespace lineage
