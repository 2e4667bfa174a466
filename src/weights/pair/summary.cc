#include "weights/pair/summary.h"

#include <cmath>
#include <limits>
#include <string>

#include "stats/binomial_bound.h"

namespace lineage {

void SummarizeGateUp(const PairState& s, WeightsResult& res) {
  if (s.agreements.empty()) return;
  double observed = 0;
  int used = 0;
  int64_t matched = 0, tested = 0;  // over the blocks used, for the sampling interval
  for (const BlockResult& b : res.blocks) {
    if (b.robust_set && b.gate_up_agreement) {
      observed += *b.gate_up_agreement;
      ++used;
      if (b.test.gate_up) {
        tested += b.test.gate_up->units_tested;
        matched += std::llround(*b.gate_up_agreement * b.test.gate_up->units_tested);
      }
    }
  }
  if (tested > 0 && tested <= std::numeric_limits<int>::max()) {
    const Interval ci =
        ProportionInterval(static_cast<int>(matched), static_cast<int>(tested), 0.95);
    res.gate_up_interval = std::make_pair(ci.low, ci.high);
  }
  double all = 0;
  for (double a : s.agreements) all += a;
  res.gate_up_agreement = used ? observed / used : all / s.agreements.size();
  for (const auto& rep : s.panel_by_replica) {
    if (rep.empty()) continue;
    double sum = 0;
    for (double v : rep) sum += v;
    res.gate_up_panel.push_back(sum / rep.size());
  }
}

Status Summarize(PairState& s) {
  SummarizeGateUp(s, s.result);
  WeightsResult& res = s.result;
  if (res.non_finite > 0) {
    res.notes.push_back(
        std::to_string(res.non_finite) +
        " NaN/Inf weight values were excluded (zeroed); they cannot create evidence");
  }
  return Status::Ok();
}

}  // namespace lineage
