// All-pairs block map (METHODS.md §4.6): S1 for every candidate block i and base block j on
// compact block signatures, Bonferroni over the L_a·L_b pairs, and the best monotone path.
//
// Contract:
//   - A signature is a block's MLP units [G_i, U_i] in the common basis, multiplied by one seeded
//     Gaussian projection to `dims` columns (the same for every block of both models). The
//     projection treats all units alike, so B's units stay exchangeable under H0 and the hit
//     count's exact bound still holds; it only costs power (cosines shrink by ~1/√dims noise).
//     Candidate signatures keep `sample_m` seeded rows; base signatures keep every row.
//   - p_ij: hit count union bound when widths agree, else the LAP Spearman over matched indices.
//     Matched when log10 p_ij + log10(L_a·L_b) ≤ log10 alpha.
//   - The path maximises Σ −log10 p over matched pairs with candidate blocks strictly increasing;
//     the base index normally increases (skips allowed = pruned blocks); a non-increasing step is a
//     restart (depth up-scaling) and pays `restart_penalty` (default: the matching threshold, so a
//     restart must be earned by at least one more matched block).
//   - Memory: sample_m·dims per candidate block plus h·dims per base block. Pure, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "evidence/blocks.h"
#include "util/status.h"
#include "util/thread_pool.h"
#include "weights/source/weight_source.h"

namespace lineage {

struct SignatureOptions {
  int64_t dims = 64;
  int64_t sample_m = 256;
  uint64_t seed = 0x516;
};

// Gaussian projection (in_dims × dims), deterministic in the seed.
Mat SignatureProjection(int64_t in_dims, const SignatureOptions& options);
// Projected signature of a block's unit matrix; candidate side samples rows.
Mat BlockSignature(const Mat& units, const Mat& projection, bool candidate,
                   const SignatureOptions& options);

struct BlockMap {
  int blocks_a = 0, blocks_b = 0;
  std::vector<double> log10_p;           // blocks_a × blocks_b, row-major, uncorrected
  double log10_alpha = -2;               // family-wise level for "matched"
  double log10_threshold = 0;            // per-pair: log10 alpha − log10(L_a·L_b)
  std::vector<BlockPair> path;           // the best monotone path, candidate → base
  std::vector<int> unmatched_candidate;  // candidate blocks not on the path
  std::vector<int> skipped_base;         // base blocks no candidate block maps to
  int restarts = 0;                      // non-increasing base steps (depth up-scaling)
  bool diagonal = false;                 // every candidate block i ↔ base block i

  double at(int i, int j) const { return log10_p[static_cast<size_t>(i) * blocks_b + j]; }
};

// Builds the map from signatures (candidate: sampled rows, base: all rows). The block pairs are
// scored in parallel over `pool` (each cell into its own slot, so the map does not depend on the
// schedule), with OpenBLAS held to one thread while the pool's workers multiply.
Result<BlockMap> BuildBlockMap(const std::vector<Mat>& sig_a, const std::vector<Mat>& sig_b,
                               const std::vector<std::vector<int32_t>>& sampled_rows_a,
                               const std::vector<int64_t>& widths_a, ThreadPool& pool,
                               double log10_alpha = -2);

// Best monotone path over a precomputed map (exposed for tests).
void FindBestPath(BlockMap& map, double restart_penalty);

// Rows sampled for a candidate signature (same seed → same rows for every block of width h).
std::vector<int32_t> SignatureRows(int64_t h, const SignatureOptions& options);

}  // namespace lineage
