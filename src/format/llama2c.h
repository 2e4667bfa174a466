// llama2.c checkpoints: legacy v0, v1 (f32) and v2 (int8 + group scales). FORMATS.md §3.
//
// Contract: the header's sizes must account for the file size exactly (v0: 28 + 4·Σ sizes);
// tensors are named as Meta/llama2.c names them (`tok_embeddings.weight`,
// `layers.N.attention.wq.weight`, ..., `output.weight` when unshared) with Q/K rows left in
// the interleaved order (model/ un-permutes). Header fields go to Checkpoint::metadata.
#pragma once

#include <memory>
#include <string>

#include "format/checkpoint.h"

namespace lineage {

Result<Checkpoint> OpenLlama2c(const std::string& path);
Result<Checkpoint> ParseLlama2c(std::unique_ptr<ByteSource> src);

}  // namespace lineage
