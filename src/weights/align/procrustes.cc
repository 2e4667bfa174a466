#include "weights/align/procrustes.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Dense>

#include "stats/panel.h"
#include "stats/rng.h"
#include "weights/kernels/kernels.h"
#include "weights/kernels/polar.h"

namespace lineage {
namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Rows gathered a chunk at a time: the products below never copy a whole input.
constexpr size_t kChunk = 1024;

Status CheckRows(std::span<const int32_t> rows, size_t n, const char* which) {
  for (int32_t i : rows) {
    if (i < 0 || static_cast<size_t>(i) >= n)
      return InvalidArgument(std::string("Procrustes: ") + which + " row out of range");
  }
  return Status::Ok();
}

// rows[first, first + count) of m (or rows first.. of m itself when `rows` is empty).
MatrixF Gather(MatrixView m, std::span<const int32_t> rows, size_t first, size_t count) {
  if (rows.empty()) {
    return MatrixF(std::vector<float>(m.data + first * m.cols, m.data + (first + count) * m.cols),
                   count, m.cols);
  }
  return GatherRows(m, rows.subspan(first, count));
}

}  // namespace

Result<MatrixF> CrossProduct(MatrixView a, MatrixView b, std::span<const int32_t> rows_a,
                             std::span<const int32_t> rows_b) {
  if (rows_a.size() != rows_b.size()) return InvalidArgument("Procrustes: unpaired rows");
  if (rows_a.empty() && a.rows != b.rows) return InvalidArgument("Procrustes: shapes differ");
  const size_t pairs = rows_a.empty() ? a.rows : rows_a.size();
  if (pairs == 0 || a.cols == 0 || b.cols == 0) return InvalidArgument("Procrustes: empty input");
  LINEAGE_RETURN_IF_ERROR(CheckRows(rows_a, a.rows, "fit"));
  LINEAGE_RETURN_IF_ERROR(CheckRows(rows_b, b.rows, "fit"));
  const auto da = static_cast<Eigen::Index>(a.cols), db = static_cast<Eigen::Index>(b.cols);
  MatrixF out(a.cols, b.cols);
  Eigen::Map<RowMajor> m(out.data.data(), da, db);
  for (size_t r0 = 0; r0 < pairs; r0 += kChunk) {
    const size_t n = std::min(kChunk, pairs - r0);
    const MatrixF ca = Gather(a, rows_a, r0, n), cb = Gather(b, rows_b, r0, n);
    m.noalias() +=
        Eigen::Map<const RowMajor>(ca.data.data(), static_cast<Eigen::Index>(n), da).transpose() *
        Eigen::Map<const RowMajor>(cb.data.data(), static_cast<Eigen::Index>(n), db);
  }
  return out;
}

Result<MatrixF> OrthogonalProcrustes(MatrixView a, MatrixView b, std::span<const int32_t> rows_a,
                                     std::span<const int32_t> rows_b) {
  if (a.cols != b.cols) return InvalidArgument("Procrustes: shapes differ");
  LINEAGE_ASSIGN_OR_RETURN(MatrixF m, CrossProduct(a, b, rows_a, rows_b));
  return PolarFactor(std::move(m));
}

Result<double> MeanRowCosineAfter(MatrixView a, MatrixView r, MatrixView b,
                                  std::span<const int32_t> rows) {
  if (a.rows != b.rows || a.cols != r.rows || r.cols != b.cols) {
    return InvalidArgument("row cosine: shapes differ");
  }
  LINEAGE_RETURN_IF_ERROR(CheckRows(rows, a.rows, "score"));
  const size_t total = rows.empty() ? a.rows : rows.size();
  double sum = 0;
  for (size_t r0 = 0; r0 < total; r0 += kChunk) {
    const size_t n = std::min(kChunk, total - r0);
    const MatrixF sa = Gather(a, rows, r0, n), sb = Gather(b, rows, r0, n);
    LINEAGE_ASSIGN_OR_RETURN(MatrixF rotated, MatMul(sa.view(), r, false, false));
    for (size_t i = 0; i < n; ++i) sum += Cosine(rotated.row(i), sb.row(i));
  }
  return total == 0 ? 0.0 : sum / static_cast<double>(total);
}

Result<ProcrustesNull> ProcrustesShuffleNull(MatrixView a, MatrixView b,
                                             std::span<const int32_t> fit_rows,
                                             std::span<const int32_t> score_rows, int shuffles,
                                             uint64_t seed, const CancelFlag* cancel) {
  // Re-pair the fit rows at random, refit, score the true pairs of the other half.
  std::vector<double> null;
  Rng rng(seed);
  for (int t = 0; t < shuffles; ++t) {
    LINEAGE_RETURN_IF_ERROR(CheckCancel(cancel));
    std::vector<int32_t> shuffled(fit_rows.begin(), fit_rows.end());
    rng.Shuffle(std::span<int32_t>(shuffled));
    LINEAGE_ASSIGN_OR_RETURN(MatrixF r, OrthogonalProcrustes(a, b, fit_rows, shuffled));
    LINEAGE_ASSIGN_OR_RETURN(double v, MeanRowCosineAfter(a, r.view(), b, score_rows));
    null.push_back(v);
  }
  const MeanSd moments = SampleMeanSd(null);
  return ProcrustesNull{moments.mean, moments.sd, moments.n};
}

Result<ProcrustesHoldoutResult> ProcrustesHoldout(MatrixView a, MatrixView b,
                                                  std::span<const int32_t> fit_rows,
                                                  std::span<const int32_t> score_rows, int shuffles,
                                                  uint64_t seed, std::optional<MatrixF> fit_cross) {
  if (a.rows != b.rows || a.cols != b.cols) return InvalidArgument("Procrustes: shapes differ");
  if (fit_rows.empty() || score_rows.empty())
    return InvalidArgument("Procrustes: empty fit or score half");
  LINEAGE_RETURN_IF_ERROR(CheckRows(fit_rows, a.rows, "fit"));
  LINEAGE_RETURN_IF_ERROR(CheckRows(score_rows, a.rows, "score"));
  ProcrustesHoldoutResult out;
  if (fit_cross) {
    if (fit_cross->rows != a.cols || fit_cross->cols != b.cols)
      return InvalidArgument("Procrustes: the fit cross product does not fit the inputs");
    LINEAGE_ASSIGN_OR_RETURN(out.rotation, PolarFactor(std::move(*fit_cross)));
  } else {
    LINEAGE_ASSIGN_OR_RETURN(out.rotation, OrthogonalProcrustes(a, b, fit_rows, fit_rows));
  }
  LINEAGE_ASSIGN_OR_RETURN(out.value, MeanRowCosineAfter(a, out.rotation.view(), b, score_rows));
  // The identity needs no product: row i of A against row i of B.
  double identity_sum = 0;
  for (int32_t i : score_rows) identity_sum += Cosine(a.row(i), b.row(i));
  out.identity_value = identity_sum / static_cast<double>(score_rows.size());
  LINEAGE_ASSIGN_OR_RETURN(ProcrustesNull null,
                           ProcrustesShuffleNull(a, b, fit_rows, score_rows, shuffles, seed));
  out.shuffles = null.shuffles;
  out.null_mean = null.mean;
  out.null_sd = null.sd;
  if (null.sd > 0) out.z = (out.value - null.mean) / null.sd;
  return out;
}

}  // namespace lineage
