// Log-space p-values: the one representation of significance in lineage.
//
// Contract:
//   - A p-value is carried as ln p (inside computations) or log10 p (stored in Findings and
//     printed). Neither is ever -inf or NaN: an impossible value is clamped to kMinLog10P (a
//     finite floor, far below anything a real test can reach) and the clamp is reported through
//     `clamped` so callers can note it.
//   - Pure functions, no state, thread-safe.
#pragma once

#include <optional>
#include <string>

namespace lineage {

// The floor for stored log10 p. Real tests on 100B-parameter models stay far above it.
inline constexpr double kMinLog10P = -1.0e12;
inline constexpr double kLn10 = 2.302585092994045684;
inline constexpr double kLog10E = 0.434294481903251828;

struct Log10P {
  double value = 0;      // log10 p, in [kMinLog10P, 0]
  bool clamped = false;  // the input was -inf, NaN or below the floor (or > 0) and was clamped
};

// ln p → log10 p, clamped into [kMinLog10P, 0].
Log10P LnToLog10P(double ln_p);
// Same, for a value already in log10.
Log10P ClampLog10P(double log10_p);

// ln(1 - exp(x)) for x <= 0, accurate near 0 and for very negative x.
double Log1mExp(double x);
// ln(exp(a) + exp(b)) without overflow or underflow.
double LogAddExp(double a, double b);

// "-2345" or "-2.35" style text: integers for |log10 p| >= 100, three significant digits below.
std::string FormatLog10P(double log10_p);
// FormatLog10P, or "—" when there is no p-value.
std::string FormatLog10P(const std::optional<double>& log10_p);

}  // namespace lineage
