#include "weights/pair/budget_gates.h"

#include <algorithm>
#include <string>

#include "util/byte_size.h"
#include "weights/pair/look_plan.h"
#include "weights/statistics/block_tests.h"

namespace lineage {

namespace {

// One side of a block pair: its units, every expert's against a dense base, and the gate again on
// a robust pair (the fine-tune shape reads it).
uint64_t SideBytesOf(const WeightSource& src, int layer, bool all_experts, bool robust) {
  uint64_t total = BlockUnitBytes(src, layer, SignatureExpert(src, layer));
  if (all_experts) {
    for (int e = 0; e < src.layout().num_experts; ++e) {
      total += BlockUnitBytes(src, layer, e, Attention::kSkip);  // as CompareExperts reads them
    }
  }
  if (robust && HasMlp(src, layer, -1))
    total += TensorBytes(src, MlpUnitKeys(src, layer, -1).first);
  return total;
}

// The `k` largest of each side's per-block costs, summed.
uint64_t LargestBlocks(const WeightSource& src, bool all_experts, size_t k) {
  std::vector<uint64_t> cost;
  for (int i = 0; i < src.layout().num_layers; ++i) {
    cost.push_back(SideBytesOf(src, i, all_experts, true));
  }
  std::sort(cost.rbegin(), cost.rend());
  uint64_t total = 0;
  for (size_t i = 0; i < std::min(k, cost.size()); ++i) total += cost[i];
  return total;
}

// The decision's own reads (fingerprints) at every look it may take.
SideBytes Reserve(const PairState& s) {
  const WeightSource &a = s.in.candidate, &b = s.in.base;
  const int most_pairs = 2 * std::max(a.layout().num_layers, b.layout().num_layers);
  const auto calls = static_cast<uint64_t>(2 * PlannedLooks(std::max(2, most_pairs)).size() + 3);
  return {calls * FingerprintBytes(a), calls * FingerprintBytes(b)};
}

SideBytes WithReserve(const PairState& s, SideBytes planned) {
  planned += Reserve(s);
  return planned;
}

}  // namespace

bool PairFits(const PairState& s, size_t pi) {
  return Fits(s.in.options.budget, WithReserve(s, PairBytes(s, pi)));
}

SideBytes PairBytes(const PairState& s, size_t pi) {
  const bool robust = std::binary_search(s.robust_idx.begin(), s.robust_idx.end(), pi);
  return {SideBytesOf(s.in.candidate, s.pairs[pi].first, s.moe_vs_dense, robust),
          SideBytesOf(s.in.base, s.pairs[pi].second, false, robust)};
}

SideBytes FirstLookBytes(const PairState& s) {
  const WeightSource &a = s.in.candidate, &b = s.in.base;
  const bool moe_vs_dense = a.layout().num_experts > 0 && b.layout().num_experts == 0;
  // The first look reads 2 pairs (sequential_stop.h's minimum, the power controls' sample).
  constexpr size_t kFirstLook = 2;
  SideBytes out = SignatureBytes(a, b);
  out += {EmbeddingRowBytes(a, s.shared.size()), EmbeddingRowBytes(b, s.shared.size())};
  out += {LargestBlocks(a, moe_vs_dense, kFirstLook), LargestBlocks(b, false, kFirstLook)};
  return out;
}

SideBytes HurefBytes(const PairState& s) {
  SideBytes out;
  for (size_t pi : s.robust_idx) {
    out += {WholeBlockBytes(s.in.candidate, s.pairs[pi].first),
            WholeBlockBytes(s.in.base, s.pairs[pi].second)};
  }
  return out;
}

bool AdmitStage(PairState& s, const SideBytes& planned, const char* stage, const char* what) {
  const ReadBudget& budget = s.in.options.budget;
  if (Fits(budget, WithReserve(s, planned))) return true;
  s.result.sampling.not_read.push_back(stage);
  s.result.notes.push_back(std::string(what) +
                           " not checked: it would read more than the read "
                           "budget of " +
                           FormatByteSize(budget.bytes) + " per model allows");
  return false;
}

Status PlanBudget(PairState& s) {
  const ReadBudget& budget = s.in.options.budget;
  if (!budget.active()) return Status::Ok();
  BlockSampling& rec = s.result.sampling;
  rec.budget_bytes = budget.bytes;
  if (AdmitStage(s, FirstLookBytes(s), "alignment",
                 "The weights (alignment, block signatures and block tests)")) {
    return Status::Ok();
  }
  s.budget_exhausted = true;
  rec.not_read = {"same_role_tensors", "alignment", "block_signatures", "block_tests", "huref"};
  rec.stopped_on = "budget";
  rec.looks_done = 0;
  const int blocks = std::min(s.in.candidate.layout().num_layers, s.in.base.layout().num_layers);
  rec.blocks_total = blocks;
  for (int i = 0; i < blocks; ++i) rec.unread_pairs.push_back({i, i});
  return Status::Ok();
}

}  // namespace lineage
