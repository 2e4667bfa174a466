// Helpers shared by the weight statistics that emit Findings (verdict/evidence.h).
//
// Contract: pure constructors; the caller fills p-values, nulls and notes (WeightsFinding) or
// gets them from a panel (CalibratedFinding). Thread-safe.
#pragma once

#include <span>
#include <string>

#include "verdict/evidence.h"

namespace lineage {

// A Finding of analysis "weights" with its identity and headline value set.
inline Finding WeightsFinding(std::string test, std::string component, std::string statistic,
                              double value) {
  Finding f;
  f.analysis = "weights";
  f.test = std::move(test);
  f.component = std::move(component);
  f.statistic = std::move(statistic);
  f.value = value;
  return f;
}

// A robust statistic (S2, S4) against a null panel built for this pair (METHODS §10): the null
// carries the panel's mean, sample sd, size and maximum, so verdict/decide computes z_adj itself;
// z and the t-tail log10 p are filled for display. Always approximate ("calibrated, not exact").
// A panel that cannot calibrate (fewer than 2 values, zero spread) leaves the finding without z
// and not decisive, with the reason in the null's description.
Finding CalibratedFinding(Finding f, std::span<const double> panel,
                          const std::string& panel_description);

}  // namespace lineage
