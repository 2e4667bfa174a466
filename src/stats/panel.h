// Calibration against an empirical null panel (METHODS.md §10): for robust statistics whose null
// is not known exactly (S2, S3, S4), compare a value with the values of known-independent pairs.
//
// Contract:
//   - z_adj = (s - μ0) / (σ0 √(1 + 1/n0)) with μ0, σ0 the panel mean and sample sd (n0 >= 2);
//     log10 p from Student's t with n0 - 1 df (one-sided, upper tail: larger = more derived);
//     tail_fraction = (1 + #{panel >= s}) / (n0 + 1).
//   - `extrapolated` is true when s lies beyond every panel value: the t tail is then an
//     extrapolation of the fitted tail and must be reported as such.
//   - Always approximate ("calibrated, not exact").
//   - Panels with fewer than 2 values, non-finite values or zero spread return InvalidArgument.
#pragma once

#include <span>

#include "util/status.h"

namespace lineage {

struct PanelCalibration {
  double z_adj = 0;
  double log10_p_t = 0;      // one-sided, t with n0 - 1 df
  double tail_fraction = 1;  // empirical, (1 + exceed) / (n0 + 1)
  double panel_mean = 0;
  double panel_sd = 0;
  double panel_max = 0;
  int panel_size = 0;
  bool extrapolated = false;
};

// Mean and sample standard deviation (n - 1 denominator; 0 when n < 2) of null draws.
struct MeanSd {
  double mean = 0;
  double sd = 0;
  int n = 0;
};
MeanSd SampleMeanSd(std::span<const double> values);

Result<PanelCalibration> CalibrateAgainstPanel(double value, std::span<const double> panel);

}  // namespace lineage
