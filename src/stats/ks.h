// One-sample Kolmogorov–Smirnov test against U(0, 1): checks that p-values are uniform under H0
// (the null-calibration check of METHODS.md §10.6).
//
// Contract:
//   - D = sup |F_n(x) - x|; p from the exact finite-n distribution (Marsaglia–Tsang–Wang
//     matrix method) while its matrix stays small (2⌊nd⌋+1 <= 151) and p > 1e-10; in the far
//     tail twice the exact one-sided (Birnbaum–Tingey) probability, a tight upper bound; else the
//     asymptotic Kolmogorov series with Stephens' correction (approximate). Returns log10 p.
//   - Values outside [0, 1] or non-finite → InvalidArgument. n >= 1.
//   - Pure, thread-safe.
#pragma once

#include <span>

#include "util/status.h"

namespace lineage {

struct KsResult {
  double d = 0;
  double log10_p = 0;
  int n = 0;
};

Result<KsResult> KsTestUniform(std::span<const double> values);
// P(D_n >= d), the survival function (exposed for tests).
double KolmogorovSf(int n, double d);

}  // namespace lineage
