// S1 — unit identity with an exact null, on two unit matrices already in a common basis
// (METHODS.md §4.2). Model-level code builds the matrices (e.g. rows [G_i, U_i] in the aligned
// residual basis, one block at a time) and combines blocks with FisherCombine.
//
// Contract:
//   - Inputs: A (h_a × k) the candidate's units, B (h_b × k) the base's, same k. Rows are units.
//   - (a) Hit count: m = min(h_a, options.sample_m) rows of A sampled with a seeded Rng; for each,
//     argmax cosine over all rows of B; K = #{i : argmax = i}. log10 p from the union bound
//     (HitCountLog10PBound, conservative). Only defined when h_a == h_b (a hit needs the same
//     index space); otherwise hits are not counted and `hit_test_valid` is false.
//   - (b) LAP maximising Σ cos(A_i, B_π(i)) (rectangular when widths differ). When h_a == h_b:
//     Spearman r of π against the identity, z = r √(h-1), one-sided log10 p = log10 Φ̄(z); for
//     h < options.exact_min_h a seeded Monte Carlo permutation null instead (`spearman_null` says
//     which). When widths differ, r is the Spearman between matched indices (width pruning with
//     kept order) and its p uses the same normal approximation over the matched pairs.
//   - (c) Matched-cosine effect size: mean cos(A_i, B_π(i)) over the LAP, against a shuffle null:
//     B's columns (features) permuted at random, which keeps every row's norm and spread but
//     destroys any correspondence, then the LAP is re-run; mean/sd over options.null_shuffles
//     and z. Approximate (unrelated rows reach 0.10–0.11); never decisive alone (METHODS §12).
//   - (d) The assignment itself, for width-pruning and expert maps.
//   - Memory: the h_a × h_b cosine matrix for the LAP (f32). Options may skip the LAP.
//   - Pure, deterministic in options.seed; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "evidence/finding.h"
#include "util/status.h"
#include "weights/kernels/matrix.h"

namespace lineage {

struct UnitIdentityOptions {
  int64_t sample_m = 2048;  // rows sampled for the hit count
  uint64_t seed = 0x5EED;
  bool run_lap = true;
  int64_t exact_min_h = 100;  // below this h the Spearman p uses the permutation null
  int permutation_samples = 9999;
  // Shuffles for the matched-cosine null (0 = skip). Each costs a cosine matrix and a LAP on an
  // unrelated matrix, the LAP's slow case (~8 s at h = 4096 on one core, growing ~h^2.5):
  // model-level code should lower it for wide MLPs.
  int null_shuffles = 5;
};

struct UnitIdentityResult {
  int64_t h_a = 0, h_b = 0, k = 0;
  // (a) hit count
  bool hit_test_valid = false;
  int64_t sampled_m = 0;
  int64_t hits = 0;
  double hit_expected = 0;  // m / h under H0
  double hit_log10_p = 0;   // union bound (conservative)
  // (b) LAP + Spearman
  bool lap_done = false;
  double spearman_r = 0;
  double spearman_z = 0;
  double spearman_log10_p = 0;
  std::string spearman_null;  // "normal approximation z = r sqrt(h-1)" or "permutation (Monte
                              // Carlo, T=...)"
  // (c) matched cosine
  double matched_cosine = 0;
  double matched_cosine_null_mean = 0;
  double matched_cosine_null_sd = 0;
  double matched_cosine_z = 0;
  int matched_cosine_null_samples = 0;
  // (d) assignment: row of A → row of B (-1 when unassigned)
  std::vector<int32_t> assignment;
};

Result<UnitIdentityResult> CompareUnits(MatrixView a, MatrixView b,
                                        const UnitIdentityOptions& options);

// The exact statistic of a unit comparison: LAP Spearman when it ran, else the hit count.
double PrimaryLog10P(const UnitIdentityResult& r);

// The rows of A the hit count (a) samples: min(h_a, sample_m) distinct rows seeded by
// options.seed, increasing.
std::vector<int32_t> HitSampleRows(int64_t h_a, const UnitIdentityOptions& options);

// The hit count (a) alone, given only the sampled rows of A: a_rows[k] is A's row rows[k], and
// A has h_a == B.rows units. Lets a caller that synthesises A (a positive control) build just the
// m rows the test reads. Fills the (a) fields; rows must be distinct and in range.
Result<UnitIdentityResult> CountHits(MatrixView a_rows, std::span<const int32_t> rows,
                                     MatrixView b);

// Fills r's hit-count fields (r->h_a set) from best_index[k], the best B row of A's row rows[k].
void FillHitCount(std::span<const int32_t> best_index, std::span<const int32_t> rows,
                  UnitIdentityResult* r);

// CountHits for several synthesised A's against one B (positive controls of one block): a_groups
// holds `groups` consecutive sets of rows.size() rows, set g standing for A_g's rows `rows`.
// One result per set, each equal to CountHits on that set alone; B is normalised once and the
// cosines of all sets come from one product.
Result<std::vector<UnitIdentityResult>> CountHitsEach(MatrixView a_groups, size_t groups,
                                                      std::span<const int32_t> rows, MatrixView b);

// Findings: "unit_identity_hits" and "unit_identity_lap" (decisive, exact or permutation null)
// and "unit_identity_matched_cosine" (context, shuffle null, approximate).
std::vector<Finding> UnitIdentityFindings(const UnitIdentityResult& r,
                                          const std::string& component);

}  // namespace lineage
