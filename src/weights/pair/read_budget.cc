#include "weights/pair/read_budget.h"

#include <algorithm>

#include "weights/statistics/block_map.h"
#include "weights/statistics/block_tests.h"

namespace lineage {

namespace {

bool Admits(uint64_t bytes, const std::atomic<uint64_t>* read, uint64_t planned) {
  const uint64_t done = read->load(std::memory_order_relaxed);
  return done <= bytes && planned <= bytes - done;
}

// The block's norm vectors (1 × d), which folding reads again for every matrix.
uint64_t NormBytes(const WeightSource& src, int layer) {
  uint64_t total = 0;
  for (const TensorKey& k : src.Keys()) {
    if (k.layer == layer && src.Shape(k).first <= 1) total += TensorBytes(src, k);
  }
  return total;
}

}  // namespace

bool Fits(const ReadBudget& budget, const SideBytes& planned) {
  if (!budget.active()) return true;
  return Admits(budget.bytes, budget.candidate_read, planned.candidate) &&
         Admits(budget.bytes, budget.base_read, planned.base);
}

uint64_t TensorBytes(const WeightSource& src, const TensorKey& key) {
  const TensorInfo* t = src.Stored(key);
  return t == nullptr ? 0 : t->nbytes;
}

uint64_t FingerprintBytes(const WeightSource& src) {
  uint64_t total = 0;
  for (const TensorKey& k : src.Keys()) {
    const uint64_t rows = src.Shape(k).first, bytes = TensorBytes(src, k);
    if (rows > 0) total += 3 * ((bytes + rows - 1) / rows);
  }
  return total;
}

uint64_t BlockUnitBytes(const WeightSource& src, int layer, int expert, Attention attention) {
  if (!HasMlp(src, layer, expert)) return 0;
  const auto [first, second] = MlpUnitKeys(src, layer, expert);
  std::vector<TensorKey> matrices = {first, second};
  if (attention == Attention::kRead && expert == SignatureExpert(src, layer)) {
    matrices.push_back(Key(Role::kQ, layer));
    matrices.push_back(Key(Role::kK, layer));
  }
  uint64_t total = 0;
  for (const TensorKey& k : matrices) total += TensorBytes(src, k) + NormBytes(src, layer);
  return total;
}

uint64_t WholeBlockBytes(const WeightSource& src, int layer) {
  uint64_t total = 0;
  for (const TensorKey& k : src.Keys()) {
    if (k.layer == layer) total += TensorBytes(src, k);
  }
  // HuRef folds norms into up to seven matrices.
  return total + 7 * NormBytes(src, layer);
}

uint64_t EmbeddingRowBytes(const WeightSource& src, size_t rows) {
  const TensorKey ek = Key(Role::kEmbed);
  const uint64_t whole = TensorBytes(src, ek), n = src.Shape(ek).first;
  if (n == 0) return 0;
  const uint64_t per_row = (whole + n - 1) / n;
  return std::min(whole, per_row * static_cast<uint64_t>(rows));
}

SideBytes SameRoleBytes(const WeightSource& candidate, const WeightSource& base) {
  SideBytes out;
  for (const TensorKey& k : candidate.Keys()) {
    if (!base.Has(k)) continue;
    out.candidate += TensorBytes(candidate, k);
    out.base += TensorBytes(base, k);
  }
  return out;
}

namespace {

// A candidate's block signature reads only its sampled unit rows of a gated MLP (block_map.h
// SignatureRows, unit_signature.h); an ungated one is read whole.
uint64_t CandidateSignatureBytes(const WeightSource& src, int layer) {
  const int expert = SignatureExpert(src, layer);
  const uint64_t whole = BlockUnitBytes(src, layer, expert, Attention::kSkip);
  const auto [first, second] = MlpUnitKeys(src, layer, expert);
  const uint64_t h = src.Shape(first).first;
  const auto m = static_cast<uint64_t>(SignatureOptions().sample_m);
  if (first.role != Role::kGate || h <= m) return whole;
  const uint64_t rows = TensorBytes(src, first) + TensorBytes(src, second);
  return whole - rows + rows / h * m;
}

}  // namespace

SideBytes SignatureBytes(const WeightSource& candidate, const WeightSource& base) {
  SideBytes out;
  for (int i = 0; i < candidate.layout().num_layers; ++i) {
    out.candidate += CandidateSignatureBytes(candidate, i);
  }
  for (int j = 0; j < base.layout().num_layers; ++j) {
    out.base += BlockUnitBytes(base, j, SignatureExpert(base, j), Attention::kSkip);
  }
  return out;
}

}  // namespace lineage
