#include "weights/statistics/block_map.h"

#include <algorithm>
#include <cmath>

#include "stats/rng.h"
#include "stats/unit_tests.h"
#include "weights/kernels/blas_threads.h"
#include "weights/kernels/kernels.h"
#include "weights/statistics/unit_identity.h"

namespace lineage {

Mat SignatureProjection(int64_t in_dims, const SignatureOptions& options) {
  Rng rng(options.seed);
  return Gaussian(in_dims, options.dims, 1.0, rng);
}

std::vector<int32_t> SignatureRows(int64_t h, const SignatureOptions& options) {
  if (h <= options.sample_m) {
    std::vector<int32_t> all(h);
    for (int64_t i = 0; i < h; ++i) all[i] = static_cast<int32_t>(i);
    return all;
  }
  return Rng(options.seed ^ 0x9E3779B97F4A7C15ull).Sample(h, options.sample_m);
}

Mat BlockSignature(const Mat& units, const Mat& projection, bool candidate,
                   const SignatureOptions& options) {
  if (!candidate) return units * projection;
  std::vector<int32_t> rows = SignatureRows(units.rows(), options);
  return SelectRows(units, rows) * projection;
}

namespace {

// log10 p that candidate block signature `a` (rows `rows` of a block `width_a` units wide) and
// base block signature `b` share units: the exact hit count when the widths agree, else the
// Spearman test of the sorted best matches.
// `unit_b` is b with unit rows (NormalizeRows), made once per base block for every cell.
Result<double> CellLog10P(const Mat& a, const Mat& b, const MatrixF& unit_b,
                          const std::vector<int32_t>& rows, int64_t width_a) {
  if (a.cols() != b.cols() || a.rows() == 0 || b.rows() == 0) return 0.0;
  if (width_a == static_cast<int64_t>(b.rows()) && rows.size() == static_cast<size_t>(a.rows())) {
    LINEAGE_ASSIGN_OR_RETURN(RowBest best, CosineRowArgmaxUnitB(View(a), unit_b.view()));
    int64_t hits = 0;
    for (size_t r = 0; r < rows.size(); ++r) hits += best.index[r] == rows[r];
    return HitCountLog10PBound(hits, static_cast<int64_t>(rows.size()), b.rows());
  }
  UnitIdentityOptions uo;
  uo.null_shuffles = 0;
  LINEAGE_ASSIGN_OR_RETURN(UnitIdentityResult r, CompareUnits(View(a), View(b), uo));
  return r.spearman_log10_p;
}

}  // namespace

Result<BlockMap> BuildBlockMap(const std::vector<Mat>& sig_a, const std::vector<Mat>& sig_b,
                               const std::vector<std::vector<int32_t>>& sampled_rows_a,
                               const std::vector<int64_t>& widths_a, ThreadPool& pool,
                               double log10_alpha) {
  BlockMap map;
  map.blocks_a = static_cast<int>(sig_a.size());
  map.blocks_b = static_cast<int>(sig_b.size());
  map.log10_alpha = log10_alpha;
  map.log10_p.assign(static_cast<size_t>(map.blocks_a) * map.blocks_b, 0.0);
  if (map.blocks_a == 0 || map.blocks_b == 0) return map;
  if (sampled_rows_a.size() != sig_a.size() || widths_a.size() != sig_a.size()) {
    return InvalidArgument("block map: one sampled-row list and one width per candidate block");
  }
  map.log10_threshold = log10_alpha - std::log10(static_cast<double>(map.blocks_a) * map.blocks_b);
  const BlasThreadLimit one_blas_thread(1, pool.size() > 1);
  std::vector<MatrixF> unit_b(sig_b.size());
  LINEAGE_RETURN_IF_ERROR(ParallelFor(pool, sig_b.size(), [&](size_t j) -> Status {
    unit_b[j] = NormalizeRows(View(sig_b[j]));
    return Status::Ok();
  }));
  LINEAGE_RETURN_IF_ERROR(ParallelFor(pool, map.log10_p.size(), [&](size_t cell) -> Status {
    const size_t i = cell / static_cast<size_t>(map.blocks_b), j = cell % map.blocks_b;
    LINEAGE_ASSIGN_OR_RETURN(map.log10_p[cell], CellLog10P(sig_a[i], sig_b[j], unit_b[j],
                                                           sampled_rows_a[i], widths_a[i]));
    return Status::Ok();
  }));
  FindBestPath(map, -map.log10_threshold);
  return map;
}

void FindBestPath(BlockMap& map, double restart_penalty) {
  const int la = map.blocks_a, lb = map.blocks_b;
  map.path.clear();
  map.unmatched_candidate.clear();
  map.skipped_base.clear();
  map.restarts = 0;
  map.diagonal = false;
  if (la == 0 || lb == 0) return;
  auto score = [&](int i, int j) {
    double lp = map.at(i, j);
    return lp <= map.log10_threshold ? -lp : -1.0;  // -1: not matched
  };
  // f[i][j]: best path ending with candidate i ↔ base j; back[i][j] = predecessor (i', j') or -1.
  std::vector<double> f(static_cast<size_t>(la) * lb, -1.0);
  std::vector<int> back(static_cast<size_t>(la) * lb, -1);
  double best = 0;
  int best_end = -1;
  for (int i = 0; i < la; ++i) {
    for (int j = 0; j < lb; ++j) {
      double s = score(i, j);
      if (s < 0) continue;
      double from = 0;
      int pred = -1;
      for (int ip = 0; ip < i; ++ip) {
        for (int jp = 0; jp < lb; ++jp) {
          double fp = f[static_cast<size_t>(ip) * lb + jp];
          if (fp < 0) continue;
          double v = jp < j ? fp : fp - restart_penalty;
          if (v > from) {
            from = v;
            pred = ip * lb + jp;
          }
        }
      }
      f[static_cast<size_t>(i) * lb + j] = s + from;
      back[static_cast<size_t>(i) * lb + j] = pred;
      if (s + from > best) {
        best = s + from;
        best_end = i * lb + j;
      }
    }
  }
  for (int cur = best_end; cur >= 0; cur = back[cur]) {
    BlockPair p;
    p.candidate = cur / lb;
    p.base = cur % lb;
    p.log10_p = map.at(p.candidate, p.base);
    map.path.push_back(p);
  }
  std::reverse(map.path.begin(), map.path.end());
  std::vector<bool> cand_on(la, false), base_on(lb, false);
  for (size_t k = 0; k < map.path.size(); ++k) {
    cand_on[map.path[k].candidate] = true;
    base_on[map.path[k].base] = true;
    if (k > 0 && map.path[k].base <= map.path[k - 1].base) ++map.restarts;
  }
  for (int i = 0; i < la; ++i)
    if (!cand_on[i]) map.unmatched_candidate.push_back(i);
  // Base blocks strictly inside the path's span that nothing maps to: pruned (dropped) layers.
  if (!map.path.empty()) {
    for (int j = 0; j < lb; ++j)
      if (!base_on[j]) map.skipped_base.push_back(j);
  }
  map.diagonal = la == lb && static_cast<int>(map.path.size()) == la;
  for (const BlockPair& p : map.path) map.diagonal = map.diagonal && p.candidate == p.base;
}

}  // namespace lineage
