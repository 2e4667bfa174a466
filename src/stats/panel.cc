#include "stats/panel.h"

#include <algorithm>
#include <cmath>

#include "stats/distributions.h"
#include "stats/log_p.h"

namespace lineage {

MeanSd SampleMeanSd(std::span<const double> values) {
  MeanSd out;
  out.n = static_cast<int>(values.size());
  if (values.empty()) return out;
  for (double v : values) out.mean += v;
  out.mean /= static_cast<double>(values.size());
  double ss = 0;
  for (double v : values) ss += (v - out.mean) * (v - out.mean);
  if (values.size() > 1) out.sd = std::sqrt(ss / static_cast<double>(values.size() - 1));
  return out;
}

Result<PanelCalibration> CalibrateAgainstPanel(double value, std::span<const double> panel) {
  if (panel.size() < 2) return InvalidArgument("null panel needs at least 2 values");
  if (!std::isfinite(value)) return InvalidArgument("statistic is not finite");
  for (double v : panel) {
    if (!std::isfinite(v)) return InvalidArgument("null panel holds a non-finite value");
  }
  const double n0 = static_cast<double>(panel.size());
  const MeanSd moments = SampleMeanSd(panel);
  const double mean = moments.mean, sd = moments.sd;
  if (!(sd > 0)) return InvalidArgument("null panel has zero spread");

  PanelCalibration c;
  c.panel_size = static_cast<int>(panel.size());
  c.panel_mean = mean;
  c.panel_sd = sd;
  c.panel_max = *std::max_element(panel.begin(), panel.end());
  // The new value is a draw beside the n0 panel values: the predictive spread is σ0 √(1 + 1/n0).
  c.z_adj = (value - mean) / (sd * std::sqrt(1.0 + 1.0 / n0));
  c.log10_p_t = LnToLog10P(LogStudentTSf(c.z_adj, n0 - 1.0)).value;
  const auto exceed =
      std::count_if(panel.begin(), panel.end(), [&](double v) { return v >= value; });
  c.tail_fraction = (1.0 + static_cast<double>(exceed)) / (n0 + 1.0);
  c.extrapolated = value > c.panel_max;
  return c;
}

}  // namespace lineage
