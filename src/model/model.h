// Model: the canonical view of a checkpoint. Tensors carry roles, layer and expert indices and a
// component, in HF orientation (rows = output units), whatever the file called or laid them out.
//
// Contract:
//   - LoadModel accepts a directory in Hugging Face layout (weights, config.json, tokenizer
//     files, nested sub-model folders), a single weights file, or a sharded index. It reads only
//     headers and small JSON files; tensor data is read later, on demand, by the row streams.
//   - Every ModelTensor describes how to produce its canonical rows from the stored bytes
//     (row selection for fused tensors and stacked experts, GGUF Q/K un-permutation, GPT-2
//     Conv1D transposition). Consumers never see file layouts.
//   - LoadModel(location) opens every weights file through location.files, and lists a folder
//     as its entries on disk plus location.files->Extra(folder) (hub shards not downloaded);
//     config, index and tokenizer files are read from the local folder. LoadModel(path) is
//     LoadModel(LocalLocation(path)).
//   - Accounting: Model::location keeps the location (as given, repo, revision, opener) and its
//     shared ReadStats. For the local opener, LoadModel wraps every source in a counting source
//     (io/counting_source.h): stats->bytes_read then counts every byte read through ReadAt
//     (headers included) and every tensor byte the row streams, the byte-identity pass and the
//     hashes consumed from the mapping. Any other opener counts its own reads (the hub's sources
//     do). bytes_total is kept from the location when set (the hub's file sizes), else it is the
//     sum of the sizes of the checkpoint files (weights and shard indexes).
//   - A Model is immutable after loading; concurrent reads (streams) are thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "format/checkpoint.h"
#include "io/model_location.h"
#include "util/status.h"

namespace lineage {

enum class Role {
  kOther = 0,
  kEmbed,
  kLmHead,
  kFinalNorm,
  kAttnNorm,
  kMlpNorm,
  kPostAttnNorm,
  kPostMlpNorm,  // post-* = Gemma-2/3, OLMo-2 (not foldable)
  kQ,
  kK,
  kV,
  kO,
  kQNorm,
  kKNorm,
  kQA,
  kQANorm,
  kQB,
  kKVA,
  kKVANorm,
  kKVB,  // MLA (DeepSeek-V2/V3)
  kGate,
  kUp,
  kDown,  // dense FFN, or an expert's when expert >= 0
  kRouter,
  kRouterBias,
  kPosEmbed,  // learned absolute positions (GPT-2)
};
const char* RoleName(Role r);  // "embed", "q", "gate", ...
// Any normalisation weight: block, final, post-*, q/k and MLA latent norms.
bool IsNormRole(Role r);
// A norm over the residual stream (d wide): the block, post-* and final norms; q/k norms (head
// wide) and MLA latent norms are not.
bool IsResidualNormRole(Role r);

// How canonical rows are obtained from the stored tensor.
struct RowTransform {
  // Row selection over the stored 2-D view [rows × cols] (the transposed view when `transpose`
  // is set; 1-D tensors are viewed as [n × 1]; see model/row_transform.h): `runs` runs of
  // `run_len` rows, the r-th starting at row `start + r * stride`. The default selects every row.
  uint64_t start = 0;
  uint64_t run_len = 0;  // 0 = all rows (no selection)
  uint64_t stride = 0;
  uint64_t runs = 0;
  // GGUF / llama2.c / Meta interleaved-RoPE order → HF order, applied within each head of
  // `unpermute_head_dim` rows after selection. 0 = none.
  uint64_t unpermute_head_dim = 0;
  // GPT-2 Conv1D stores in × out: transpose to out × in.
  bool transpose = false;
};

// Block-FP8 scaling (DeepSeek-V3 style, FORMATS.md §1.2): the stored weight is F8 and a
// companion `<name>_scale_inv` tensor of shape [⌈rows/block_rows⌉, ⌈cols/block_cols⌉] multiplies
// each block (multiply, despite the name). Row streams apply it; consumers see true values.
struct BlockScale {
  TensorInfo info;            // the `*_scale_inv` tensor
  uint64_t block_rows = 128;  // quantization_config.weight_block_size
  uint64_t block_cols = 128;
};

struct ModelTensor {
  std::string name;  // name in the file
  Role role = Role::kOther;
  int layer = -1;   // block index, -1 for non-block tensors
  int expert = -1;  // routed expert index, -1 otherwise
  bool shared_expert = false;
  bool bias = false;                // a bias vector of the role rather than its weight
  std::string component = "trunk";  // "trunk", "vision", "audio", "projector", "mtp", ...
  TensorInfo info;                  // stored bytes
  RowTransform transform;
  std::optional<BlockScale> block_scale;  // set for block-FP8 weights only
  std::vector<uint64_t> shape;  // canonical shape after the transform (out × in for matrices)

  uint64_t rows() const;
  uint64_t cols() const;
  uint64_t numel() const;
};

struct ParameterCount {
  uint64_t total = 0;
  std::optional<uint64_t> active;  // per token, for MoE (from config); = total for dense models
  std::map<std::string, uint64_t> by_role;
  std::map<std::string, uint64_t> by_component;
};

struct Model {
  std::string path;  // the local file or folder loaded (location.as_given: what the user typed)
  ModelLocation location;                // where it was read from; its ReadStats (see above)
  std::string format;                    // "safetensors", "gguf", "llama2c", "torch", "hf-dir"
  std::vector<Checkpoint> checkpoints;   // usually one; nested sub-models add more
  std::vector<ModelTensor> tensors;      // canonical tensors, in a stable order
  std::vector<std::string> unmapped;     // stored tensors that got no role
  std::optional<nlohmann::json> config;  // config.json (or derived from GGUF/llama2.c headers)
  std::optional<nlohmann::json> generation_config;  // generation_config.json when present
  std::string architecture;    // "llama", "qwen2", "gpt2", ... (lower-case family)
  std::string tokenizer_path;  // file or directory the tokenizer can be loaded from; empty if none
  bool tied_embeddings = false;
  // Things a reader of the model should know that are not errors: a fused tensor whose rows did
  // not match the config (kept whole, unmapped), a sub-model that could not be read, ...
  std::vector<std::string> notes;

  const ModelTensor* Find(Role role, int layer = -1, int expert = -1, bool bias = false) const;
  std::vector<const ModelTensor*> Blocks(Role role) const;  // one per layer, in layer order
  int num_layers() const;
};

Result<Model> LoadModel(const ModelLocation& location);
Result<Model> LoadModel(const std::string& path);

ParameterCount CountParameters(const Model& m);

// Streams the canonical rows of `t` as f32, `chunk_rows` rows at a time (0 = pick ~4 MB chunks).
// The callback gets a pointer to rows × cols() floats and the index of its first row; returning a
// non-ok Status stops the stream. Memory is bounded by the chunk, never by the tensor.
using RowCallback = std::function<Status(const float* rows, uint64_t first_row, uint64_t n_rows)>;
Status StreamRows(const ModelTensor& t, uint64_t chunk_rows, const RowCallback& cb);

// Reads a whole canonical tensor as f32 (rows × cols, row-major). Refuses tensors larger than
// max_elems so callers state their memory bound explicitly.
Result<std::vector<float>> ReadF32(const ModelTensor& t, uint64_t max_elems);
// The same into caller memory: `out` holds exactly rows × cols floats (else InvalidArgument).
Status ReadF32Into(const ModelTensor& t, std::span<float> out);

// Only the listed canonical rows, `out` row k = canonical row rows[k] (rows × cols floats; rows in
// any order, repeats allowed). Plain (untransposed) tensors decode just those rows, so reading a
// few thousand embedding rows costs those rows, not the vocabulary; transposed (Conv1D) tensors
// are streamed in chunks. A row outside the tensor → InvalidArgument naming the tensor and row.
Status ReadRowsF32(const ModelTensor& t, std::span<const int64_t> rows, std::span<float> out);

}  // namespace lineage
