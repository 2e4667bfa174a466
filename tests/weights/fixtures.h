// Test fixtures for the weight pipeline: real example models copied into memory, and generators
// of derived / camouflaged / independent variants with known lineage (the transforms of METHODS.md
// §4.7).
//
// Contract: every generator is deterministic in its seed and returns a new InMemoryWeights;
// inputs are not modified. Generators assume a Llama-style dense model (q,k,v,o, gate/up/down,
// attn/mlp/final RMSNorm, embedding, optional lm_head) as in examples/models.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "format/dtype.h"
#include "weights/source/weight_source.h"

namespace lineage::testing {

// examples/models/<name> loaded and copied into memory (aborts the test on failure).
InMemoryWeights LoadExampleWeights(const std::string& name);

// w.Read(k); a failed read fails the test (non-fatally) and gives an empty matrix.
Mat MustRead(const WeightSource& w, const TensorKey& k);

struct TinyShape {
  int64_t vocab = 512, d = 64, h = 172, layers = 5, heads = 8, kv_heads = 4;
};
// A Llama-style random init (std 0.02, norms 1), tied embeddings.
InMemoryWeights RandomInitModel(const TinyShape& s, uint64_t seed);

// w + noise of `rel` × each matrix's sd (norms untouched).
InMemoryWeights NoisedCopy(const InMemoryWeights& w, double rel, uint64_t seed);
// Output-preserving residual rotation: fold every γ, rotate by a random orthogonal Q, then
// re-allocate random positive γ' (dividing the reading matrices' columns by γ'). Unties lm_head.
InMemoryWeights RotateResidual(const InMemoryWeights& w, uint64_t seed);
// Per block: permute MLP units (rows of gate/up, columns of down).
InMemoryWeights PermuteMlpUnits(const InMemoryWeights& w, uint64_t seed);
// Per block: up row i × c_i, down column i / c_i, c_i log-uniform in [1/4, 4].
InMemoryWeights RescaleUpDown(const InMemoryWeights& w, uint64_t seed);
// New block list from `order` (e.g. {0,1,2,3,1,2,3,4}: depth up-scaling).
InMemoryWeights ReorderBlocks(const InMemoryWeights& w, const std::vector<int>& order);
// Keeps a seeded, sorted subset of `keep` MLP units per block.
InMemoryWeights WidthPrune(const InMemoryWeights& w, int64_t keep, uint64_t seed);
// Appends `extra` random embedding rows (and lm_head rows when untied).
InMemoryWeights ExtendVocab(const InMemoryWeights& w, int64_t extra, uint64_t seed);
// Each block's FFN copied into `experts` experts + noise (`rel` × sd), fresh router.
InMemoryWeights MoeUpcycle(const InMemoryWeights& w, int experts, double rel, uint64_t seed);
// Every matrix rounded to BF16 or F16 (dtype label set accordingly).
InMemoryWeights CastTo(const InMemoryWeights& w, DType t);
// Every matrix quantised to Q8_0 / Q4_K and dequantised (flattened: the tiny model's rows are
// shorter than a Q4_K block). Norm vectors stay F32 as in real GGUFs.
InMemoryWeights QuantizeRoundTrip(const InMemoryWeights& w, DType t);
// Embedding and blocks < k kept; every other block replaced by a fresh random init.
InMemoryWeights ReuseEmbedAndFirstBlocks(const InMemoryWeights& w, int k, uint64_t seed);
// Every norm vector's entries multiplied by seeded factors in [0.5, 1.5] (γ ≠ 1 and ragged, so
// folding it matters).
InMemoryWeights WithRaggedNorms(const InMemoryWeights& w, uint64_t seed);
// Sets one value of one tensor to NaN and another to +Inf.
InMemoryWeights WithNonFinite(const InMemoryWeights& w);

}  // namespace lineage::testing
