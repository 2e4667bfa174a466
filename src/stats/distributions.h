// Upper-tail (survival) log-probabilities of the reference distributions, underflow-free.
//
// Contract (METHODS.md §4.2):
//   - Every function returns ln P(X >= x) (natural log), finite for finite input, never -inf:
//     p = 1e-2000 is ln p ≈ -4605.2. Non-finite or out-of-domain arguments return NaN-free
//     sentinels documented per function.
//   - Pure functions, thread-safe.
#pragma once

namespace lineage {

// ln Φ̄(z) for the standard normal, any real z. ln(½ erfc(z/√2)) below z = 30, the asymptotic
// series above (the two agree to ~1e-13 at 30). Negative z uses log1p(-Φ̄(-z)).
// +inf → a large negative finite value (kMinLog10P in ln units); -inf → 0.
double LogNormalSf(double z);
// log10 Φ̄(z).
double Log10NormalSf(double z);

// ln P(T_df >= t) for Student's t with df > 0 degrees of freedom (df may be non-integer), via the
// regularised incomplete beta function evaluated in log space by a continued fraction. For large
// t the result is accurate far below 1e-308. df <= 0 or NaN input → 0 (p = 1, no evidence).
double LogStudentTSf(double t, double df);

// ln P(χ²_df >= x). For even df the closed form
//   ln P = -x/2 + logsumexp_{j<df/2}(j ln(x/2) - ln j!)
// is used (exact, METHODS §4.2); for odd df the regularised upper incomplete gamma Q(df/2, x/2)
// in log space. x <= 0 → 0.
double LogChiSquareSf(double x, double df);

// ln Q(a, x): regularised upper incomplete gamma, a > 0, x >= 0, in log space.
double LogGammaQ(double a, double x);
// ln I_x(a, b): regularised incomplete beta, log space, 0 <= x <= 1.
double LogBetaI(double x, double a, double b);

}  // namespace lineage
