// Random-initialisation signature of one checkpoint (METHODS.md §9): does each weight matrix
// still look like iid noise, as at initialisation, or has training shaped it?
//
// Per matrix (m x n after orienting so m <= n), with entries centred and σ² their variance:
//   - the eigenvalues of W Wᵀ / (n σ²) against the Marchenko–Pastur law for ratio m/n:
//     KS distance (log10 p from stats/ks, treating eigenvalues as independent: conservative,
//     since MP eigenvalues are more rigid than iid samples) and the count of eigenvalues beyond
//     the upper edge plus a finite-size margin of kEdgeMarginTw Tracy–Widom scales;
//   - the entries' excess kurtosis (heavy tails grow in training);
//   - the spread (CV) of row norms against its iid expectation ½·√((κ+2)/n).
// A matrix is "trained" when it has spikes beyond the margined edge, a KS log10 p below
// kKsLog10P, excess kurtosis above max(1, 8 standard errors), or a row-norm CV ratio outside
// [0.5, 2]. Constant matrices (zero-init residual projections) count as initialisation.
// Norm/scale vectors: at initialisation they are constant (1, or 0 for Gemma's offset form);
// any spread means trained.
//
// Components: "embed", "lm_head", "block N" (its matrices and norms), "final_norm", sub-model
// towers prefixed by their component. A component is trained if any of its tensors is. The
// verdict is "random" if no component is trained, "trained" if all are, else "mixed" (e.g. a
// copied embedding in an otherwise fresh model, exactly what a from-scratch claim must not have).
//
// Bounded: matrices larger than max_rows x max_cols are subsampled (seeded rows read directly,
// columns chosen at random). A submatrix of an iid matrix is iid, so MP still applies to the
// submatrix's shape; this is stated in the result's notes. Memory per worker: max_rows x n
// floats plus a max_rows² Gram matrix. Parallel over tensors; deterministic for a seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/model.h"
#include "util/status.h"
#include "util/thread_pool.h"
#include "weights/source/weight_source.h"

namespace lineage {

constexpr double kEdgeMarginTw = 6.0;
constexpr double kKsLog10P = -6.0;

struct InitCheckOptions {
  uint64_t max_rows = 1024;
  uint64_t max_cols = 4096;
  uint64_t seed = 0x1A1715;
  unsigned threads = 0;  // 0 = all cores
};

struct MatrixSignature {
  std::string name;                       // "block 3 q", "embed", ...
  std::string component;                  // "block 3", "embed", ...
  uint64_t rows = 0, cols = 0;            // stored canonical shape
  uint64_t used_rows = 0, used_cols = 0;  // after subsampling
  bool vector = false;                    // a norm/scale vector
  double mean = 0, std = 0;
  double excess_kurtosis = 0;
  double row_norm_cv_ratio = 1;  // CV of row norms / iid expectation
  double mp_ks = 0;              // KS distance to Marchenko–Pastur
  double mp_ks_log10_p = 0;
  int beyond_edge = 0;       // eigenvalues beyond the margined MP edge
  double top_over_edge = 0;  // largest singular value / MP edge σ(√n + √m)
  bool trained = false;
  std::string reason;  // why it looks trained (empty if random-like)
};

struct ComponentCheck {
  std::string name;
  std::string verdict;  // "random" | "trained"
  int tensors = 0;
  int trained_tensors = 0;
  std::string evidence;  // strongest reason, e.g. "q: 3 eigenvalues beyond the MP edge"
};

struct InitCheckResult {
  std::string verdict;  // "random" | "trained" | "mixed"
  std::vector<ComponentCheck> components;
  std::vector<MatrixSignature> tensors;
  std::vector<std::string> notes;
};

// Per-matrix signature of an in-memory matrix (exposed for tests and the trajectory check).
MatrixSignature MatrixInitSignature(const Mat& w, const std::string& name);

Result<InitCheckResult> InitCheck(const WeightSource& source, const InitCheckOptions& options);
Result<InitCheckResult> InitCheck(const Model& model, const InitCheckOptions& options);

// JSON contract: init_check ("random" | "trained" | "mixed"), components [...], tensors [...].
nlohmann::json InitCheckJson(const InitCheckResult& r);
// The `lineage inspect --init-check --json` document: InitCheckJson with the model's path.
nlohmann::json InitCheckJson(const InitCheckResult& r, const std::string& model_path);

}  // namespace lineage
