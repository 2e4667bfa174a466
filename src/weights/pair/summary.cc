#include "weights/pair/summary.h"

#include <cmath>
#include <limits>
#include <string>

#include "stats/binomial_bound.h"

namespace lineage {

GateUpUnits UnitsOf(const BlockResult& b) {
  if (!b.test.gate_up || !b.gate_up_agreement) return {};
  const int64_t tested = b.test.gate_up->units_tested;
  return {std::llround(*b.gate_up_agreement * static_cast<double>(tested)), tested};
}

std::optional<std::pair<double, double>> GateUpInterval(GateUpUnits units) {
  if (units.tested <= 0 || units.tested > std::numeric_limits<int>::max()) return std::nullopt;
  const Interval ci =
      ProportionInterval(static_cast<int>(units.matched), static_cast<int>(units.tested), 0.95);
  return std::make_pair(ci.low, ci.high);
}

void SummarizeGateUp(const PairState& s, WeightsResult& res) {
  if (s.agreements.empty()) return;
  double observed = 0;
  int used = 0;
  GateUpUnits units;  // over the blocks used, for the sampling interval
  for (const BlockResult& b : res.blocks) {
    if (b.robust_set && b.gate_up_agreement) {
      observed += *b.gate_up_agreement;
      ++used;
      const GateUpUnits u = UnitsOf(b);
      units.matched += u.matched;
      units.tested += u.tested;
    }
  }
  res.gate_up_interval = GateUpInterval(units);
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
