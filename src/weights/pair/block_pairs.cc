#include "weights/pair/block_pairs.h"

#include <algorithm>
#include <numeric>
#include <set>

#include "weights/pair/look_plan.h"

namespace lineage {

namespace {

// kAuto's threshold: below it the block tests of a whole pair take seconds on 2 cores, so
// reading every block costs little and is not worth the looks' correction (log10 L); above it
// the block tests dominate and grow with the model (METHODS.md §10.8).
constexpr double kSequentialAutoParams = 1e8;

}  // namespace

bool ReadsSampled(const WeightSource& candidate, SamplingMode mode) {
  if (mode != SamplingMode::kAuto) return mode == SamplingMode::kSequential;
  double params = 0;
  for (const TensorKey& k : candidate.Keys()) {
    if (k.layer < 0) continue;
    const auto shape = candidate.Shape(k);
    params += static_cast<double>(shape.first) * static_cast<double>(shape.second);
  }
  return params >= kSequentialAutoParams;
}

namespace {

// The read order and the looks (look_plan.h), and the sampling record's plan.
void PlanReading(PairState& s) {
  const SequentialOptions& o = s.in.options.sampling;
  const int n = static_cast<int>(s.pairs.size());
  BlockSampling& rec = s.result.sampling;
  BlockSampling fresh;
  fresh.budget_bytes = rec.budget_bytes;  // what earlier stages recorded about the budget
  fresh.not_read = std::move(rec.not_read);
  rec = std::move(fresh);
  rec.blocks_total = n;
  if (!ReadsSampled(s.in.candidate, o.mode)) {
    s.read_order.resize(s.pairs.size());
    std::iota(s.read_order.begin(), s.read_order.end(), size_t{0});
    s.look_points = {n};
    return;
  }
  const int plan = o.plan_pairs > 0 ? o.plan_pairs : n;
  rec.mode = "sequential";
  rec.looks_planned = std::max<int>(1, static_cast<int>(PlannedLooks(plan).size()));
  s.read_order = ReadOrder(s.pairs.size(), s.robust_idx, s.in.options.seed ^ 0x5E9);
  s.look_points = LookPoints(plan, n);
}

}  // namespace

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
  s.block_options.run_cka = kCkaDecides || !options.decision_only;
  s.robust_idx = Spread(s.pairs.size(), static_cast<size_t>(options.max_robust_blocks));
  s.panel_by_replica.assign(options.panel_size, {});
  PlanReading(s);
  return Status::Ok();
}

}  // namespace lineage
