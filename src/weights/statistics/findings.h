// Helpers shared by the weight statistics that emit Findings (verdict/evidence.h).
//
// Contract: pure constructors; the caller fills p-values, nulls and notes (WeightsFinding) or
// gets them from a panel (CalibratedFinding). Thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "evidence/finding.h"

namespace lineage {

// A Finding of analysis "weights" with its identity and headline value set.
inline Finding WeightsFinding(std::string test, std::string component, std::string statistic,
                              double value) {
  return MakeFinding("weights", std::move(test), std::move(component), std::move(statistic), value);
}

// A robust statistic (S2, S4) against a null panel built for this pair (METHODS §10): the null
// carries the panel's mean, sample sd, size and maximum, so verdict/decide computes z_adj itself;
// z and the t-tail log10 p are filled for display. Always approximate ("calibrated, not exact").
// A panel that cannot calibrate (fewer than 2 values, zero spread) leaves the finding without z
// and not decisive, with the reason in the null's description.
Finding CalibratedFinding(Finding f, std::span<const double> panel,
                          const std::string& panel_description);

// A null panel of known-independent trained pairs for one robust statistic (calibration_panel.h):
// its values, where they come from (panel ids) and what they are.
struct RobustPanel {
  std::vector<double> values;
  std::string source;       // panel ids, e.g. "family-tiny-llama"
  std::string description;  // e.g. "4 trained independent pairs of the same shape class"
  // Records among `values` whose two models were trained on the same data (panel format 1.1).
  int same_data_records = 0;
};

// A trained panel is the null of S2 and S4 only when it holds at least this many same-data
// independent pairs; otherwise it bounds the null from below (METHODS §10.3).
inline constexpr int kMinSameDataRecords = 2;

// Calibrates a robust finding against the trained panel when there is one (null.source set;
// panel_is_lower_bound = false only when it holds kMinSameDataRecords same-data pairs, since shared
// data moves S2 and S4), else against the random-init `replicas` built for this pair
// (panel_is_lower_bound = true), appending `fallback_reason` (why no trained panel was used) to the
// description.
Finding CalibrateRobust(Finding f, const RobustPanel* trained, std::span<const double> replicas,
                        const std::string& replica_description, const std::string& fallback_reason);

// METHODS §10 for a robust finding: kForDerivation when the value lies beyond every panel member
// with z > 10 and at or above its effect floor; otherwise kNeutral. Display only: verdict/decide
// applies the same rule itself.
Direction BeyondPanelDirection(const Finding& f);

}  // namespace lineage
