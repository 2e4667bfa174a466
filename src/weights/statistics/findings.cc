#include "weights/statistics/findings.h"

#include <fmt/format.h>

#include "stats/panel.h"

namespace lineage {

Finding CalibratedFinding(Finding f, std::span<const double> panel,
                          const std::string& panel_description) {
  f.approximate = true;
  NullModel null;
  null.kind = "calibrated-panel";
  Result<PanelCalibration> cal = CalibrateAgainstPanel(f.value, panel);
  if (!cal.ok()) {
    null.description = panel_description + "; panel unusable: " + cal.status().message();
    f.decisive = false;
    f.null = null;
    return f;
  }
  null.mean = cal->panel_mean;
  null.sd = cal->panel_sd;
  null.samples = cal->panel_size;
  null.max = cal->panel_max;
  null.rank_p = cal->tail_fraction;
  null.description = fmt::format("{}; t tail with {} df{}", panel_description, cal->panel_size - 1,
                                 cal->extrapolated ? " (beyond every panel value: fitted-tail "
                                                     "extrapolation)"
                                                   : "");
  f.null = null;
  f.z = cal->z_adj;
  f.log10_p = cal->log10_p_t;
  std::string tail =
      fmt::format("empirical tail fraction {:.3g}; calibrated, not exact", cal->tail_fraction);
  f.note = f.note.empty() ? tail : f.note + "; " + tail;
  return f;
}

Finding CalibrateRobust(Finding f, const RobustPanel* trained, std::span<const double> replicas,
                        const std::string& replica_description,
                        const std::string& fallback_reason) {
  if (trained != nullptr) {
    // Shared data moves S2 and S4 (convergent features, functional invariants): only a panel that
    // holds same-data independents is their null; without them it is a lower bound (METHODS §10.3).
    const bool qualified = trained->same_data_records >= kMinSameDataRecords;
    f.panel_is_lower_bound = !qualified;
    f = CalibratedFinding(
        std::move(f), trained->values,
        fmt::format(
            "{} [panel {}]{}", trained->description, trained->source,
            qualified ? "" : "; lower bound: fewer than 2 same-data independent pairs in it"));
    if (f.null) f.null->source = trained->source;
    return f;
  }
  // Random-init replicas lack the convergent features of trained independent models: they bound
  // the null from below and never show that a pair lies outside it.
  f.panel_is_lower_bound = true;
  std::string what = replica_description;
  if (!fallback_reason.empty()) what += "; " + fallback_reason;
  return CalibratedFinding(std::move(f), replicas, what);
}

Direction BeyondPanelDirection(const Finding& f) {
  const bool beyond = f.null && f.null->max && f.value > *f.null->max;
  const bool effect = !f.effect_floor || f.value >= *f.effect_floor;
  return beyond && f.z && *f.z > 10 && effect ? Direction::kForDerivation : Direction::kNeutral;
}

}  // namespace lineage
