// The read budget of a pair analysis (`--budget`, METHODS.md §10.8): a cap on the bytes read
// from each model, checked before a stage or a block pair is read, never in the middle of one.
//
// Contract:
//   - ReadBudget borrows the two models' bytes_read counters (io/read_stats.h); they outlive the
//     analysis. It is active only with bytes > 0 and both counters set. The counters hold what
//     was read before (headers, earlier stages, an earlier base of the same run), so the budget
//     caps the model's whole count, the number the reports state.
//   - The planned bytes of a read are upper bounds from the stored sizes of the tensors it
//     touches (WeightSource::Stored; a tensor without stored bytes, e.g. a generated control,
//     costs 0): a fused tensor counts whole for each of its parts, an embedding read by rows
//     counts rows × its stored row size, and every matrix read pays its block's norm vectors
//     again (norm folding reads them). `Fits` admits a read only when, for both models, what was
//     already read plus its plan stays within the budget; a read it refuses is not started.
//   - Pure functions of the sources' layouts; thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "weights/source/weight_source.h"
#include "weights/statistics/block_tests.h"

namespace lineage {

struct ReadBudget {
  uint64_t bytes = 0;  // 0: no budget
  const std::atomic<uint64_t>* candidate_read = nullptr;
  const std::atomic<uint64_t>* base_read = nullptr;
  bool active() const { return bytes > 0 && candidate_read != nullptr && base_read != nullptr; }
};

// Planned bytes of one read, per model.
struct SideBytes {
  uint64_t candidate = 0, base = 0;
  SideBytes& operator+=(const SideBytes& o) {
    candidate += o.candidate;
    base += o.base;
    return *this;
  }
};

// True when no budget is active, or when both models can read their planned bytes within it.
bool Fits(const ReadBudget& budget, const SideBytes& planned);

// What fingerprinting the model reads (weights/calibration/model_identity.h, up to three rows per
// tensor), bounded as three rows of every tensor: the decision reads it for the calibration
// panels at every look of sequential reading and once after the analysis.
uint64_t FingerprintBytes(const WeightSource& src);

// Stored bytes of one tensor (0 when it has none).
uint64_t TensorBytes(const WeightSource& src, const TensorKey& key);

// What LoadBlockUnits reads for block `layer` (expert `expert`): the MLP unit matrices, the
// attention's q and k when read (Attention::kRead) and the expert is the block's signature
// expert, and their norms.
uint64_t BlockUnitBytes(const WeightSource& src, int layer, int expert,
                        Attention attention = Attention::kRead);

// Every tensor of block `layer` (every expert), as S4 reads a robust block.
uint64_t WholeBlockBytes(const WeightSource& src, int layer);

// `rows` rows of the embedding.
uint64_t EmbeddingRowBytes(const WeightSource& src, size_t rows);

// The same-role pass (exact_identity.h): every tensor both models have, on each side.
SideBytes SameRoleBytes(const WeightSource& candidate, const WeightSource& base);

// Block signatures (block_signatures.h): every block's MLP units (no attention) on each side.
SideBytes SignatureBytes(const WeightSource& candidate, const WeightSource& base);

}  // namespace lineage
