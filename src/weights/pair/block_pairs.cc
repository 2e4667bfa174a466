#include "weights/pair/block_pairs.h"

#include <algorithm>
#include <set>

namespace lineage {

std::vector<size_t> Spread(size_t n, size_t k) {
  std::vector<size_t> out;
  if (n == 0 || k == 0) return out;
  if (n <= k) {
    for (size_t i = 0; i < n; ++i) out.push_back(i);
    return out;
  }
  for (size_t i = 0; i < k; ++i) out.push_back(i * n / k);
  return out;
}

Status ChooseBlockPairs(PairState& s) {
  const WeightLayout &la = s.in.candidate.layout(), &lb = s.in.base.layout();
  const int LA = la.num_layers, LB = lb.num_layers;
  std::set<std::pair<int, int>> seen;
  s.pairs.clear();
  if (LA == LB) {
    for (int i = 0; i < LA; ++i) {
      s.pairs.push_back({i, i});
      seen.insert({i, i});
    }
  }
  for (const BlockPair& p : s.result.block_map.path) {
    if (seen.insert({p.candidate, p.base}).second) s.pairs.push_back({p.candidate, p.base});
  }
  if (s.pairs.empty()) {
    for (int i = 0; i < std::min(LA, LB); ++i) s.pairs.push_back({i, i});
  }
  s.result.diagnostics.experts_a = la.num_experts;
  s.result.diagnostics.experts_b = lb.num_experts;
  s.moe_vs_dense = la.num_experts > 0 && lb.num_experts == 0;

  const WeightsOptions& options = s.in.options;
  s.block_options = BlockTestOptions();
  s.block_options.seed = options.seed ^ 0xB10C;
  s.block_options.lap_max_h = options.lap_max_h;
  s.robust_idx = Spread(s.pairs.size(), static_cast<size_t>(options.max_robust_blocks));
  s.panel_by_replica.assign(options.panel_size, {});
  return Status::Ok();
}

}  // namespace lineage
