// Same-role per-tensor comparison (METHODS.md §3, §5): for every tensor present in both models with
// the same canonical key and shape, byte identity, value identity, cosine, Pearson and relative
// L2; norm vectors additionally through CompareNormVectors (shuffle null, mean-dominated flag);
// tensors of different float widths get the cast-equivalence fraction (METHODS.md §3).
//
// Contract:
//   - Tensors both sides store as plain F32/F16/BF16 in canonical order (WeightSource::
//     StoredIsCanonical) take one fused pass over the stored bytes: fixed element ranges of
//     options.chunk_elems run in parallel over the pool, each decoding 4096-element blocks into
//     stack buffers and accumulating moments, stored-word identity and cast counts in the same
//     sweep; no f32 copy of a tensor is made. Ranges merge in element order, so results do not
//     depend on the thread count beyond floating-point reassociation of the fixed merge tree.
//   - Other tensors (quantised, transformed, norm vectors) stream both sides in row chunks (a
//     producer thread per tensor feeds the other side through a bounded queue).
//   - Memory O(threads × chunk), independent of model size. Results are in the candidate's key
//     order.
//   - Raw cosine/L2 of whole tensors carry no null and are never decisive (METHODS.md §12);
//     identity (byte or value) is exact evidence of copying.
//   - NaN/Inf elements are skipped and counted, never propagated.
//   - Sampled reading (options.sample_elems > 0; METHODS.md §3 "Sampled reading"): each matrix
//     of the direct path compares one seeded window of at most sample_elems elements, the same on
//     both sides; trunk tensors are compared only in sample_blocks seeded blocks and, in MoE
//     blocks, sample_experts seeded experts. A matrix of the streamed path compares a seeded run
//     of consecutive rows of about sample_elems elements (ReadRows; stored bytes not compared).
//     Norm vectors stay whole.
//     `compared` says how many elements each result covers; identity is identity on those.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "evidence/finding.h"
#include "util/thread_pool.h"
#include "weights/source/weight_source.h"
#include "weights/statistics/norm_vector.h"

namespace lineage {

struct TensorComparison {
  TensorKey key;
  std::string name;  // "block 3 gate", "embed", ...
  uint64_t rows = 0, cols = 0;
  std::string dtype_a, dtype_b;
  bool byte_identical = false;   // same dtype and the same stored bytes
  bool value_identical = false;  // every decoded value equal
  double cosine = 0, pearson = 0, rel_l2 = 0;
  uint64_t non_finite = 0;
  std::optional<double> cast_equal_fraction;  // when one side is F16/BF16 and the other wider
  std::optional<NormVectorResult> norm;       // for 1-D norm weights
  double sd_a = 0;                            // population sd of the candidate's values
  uint64_t compared = 0;  // elements compared: rows × cols, or the sampled window's
  // Deterministic by construction (deterministic_tensor.h: "constant", "sinusoidal",
  // "rotary-inv-freq"), set only for value-identical tensors; such tensors are no identity
  // evidence.
  std::string deterministic;
};

struct PerTensorOptions {
  uint64_t chunk_elems = uint64_t{1} << 20;
  int norm_shuffles = 999;
  uint64_t seed = 0x7E45;
  // Sampled reading (see the contract): 0 compares every element of every tensor.
  uint64_t sample_elems = 0;
  int sample_blocks = 4;
  int sample_experts = 2;
  // Compare only the tensors a copy check reads (IsCopyCheckTensor), after the sampled choice
  // of blocks and experts, so each of them is compared exactly as without this: an analysis
  // that keeps only its decision (WeightsOptions::decision_only) needs no other.
  bool copy_checks_only = false;
};

// Whether a tensor of `rows` rows feeds the exact copy check of a component without
// exchangeable units (pair_evidence.h: an lm_head, a tower's matrices). Trunk tensors have unit
// tests of their own, and vectors no copy p-value worth the name.
bool IsCopyCheckTensor(const TensorKey& key, uint64_t rows);

// The per-tensor options of sampled reading: windows of 2^18 elements (512 KiB of BF16, eight or
// nine 64 KiB chunks of the range cache), 4 blocks, 2 experts per MoE block.
PerTensorOptions SampledPerTensorOptions();

std::string TensorKeyName(const TensorKey& key);

Result<std::vector<TensorComparison>> ComparePerTensor(const WeightSource& a, const WeightSource& b,
                                                       ThreadPool& pool,
                                                       const PerTensorOptions& options);

// Summary findings: identical tensors (exact evidence of copying), norm vectors (context).
std::vector<Finding> PerTensorFindings(const std::vector<TensorComparison>& results);

}  // namespace lineage
