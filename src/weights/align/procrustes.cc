#include "weights/align/procrustes.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Dense>
#include <Eigen/SVD>

#include "stats/panel.h"
#include "stats/rng.h"
#include "weights/kernels/kernels.h"

namespace lineage {
namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace

Result<MatrixF> OrthogonalProcrustes(MatrixView a, MatrixView b) {
  if (a.rows != b.rows || a.cols != b.cols) return InvalidArgument("Procrustes: shapes differ");
  if (a.empty()) return InvalidArgument("Procrustes: empty input");
  const Eigen::Map<const RowMajor> am(a.data, a.rows, a.cols), bm(b.data, b.rows, b.cols);
  // Aᵀ B accumulated in double over row chunks: the precision of a double product without
  // double copies of A and B (at 8k shared tokens × d = 4096 those would be 256 MB each).
  constexpr Eigen::Index kChunk = 1024;
  const Eigen::Index rows = static_cast<Eigen::Index>(a.rows);
  Eigen::MatrixXd m =
      Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(a.cols), static_cast<Eigen::Index>(b.cols));
  for (Eigen::Index r0 = 0; r0 < rows; r0 += kChunk) {
    const Eigen::Index n = std::min(kChunk, rows - r0);
    m.noalias() +=
        am.middleRows(r0, n).cast<double>().transpose() * bm.middleRows(r0, n).cast<double>();
  }
  Eigen::BDCSVD<Eigen::MatrixXd> svd(m, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Eigen::MatrixXd r = svd.matrixU() * svd.matrixV().transpose();
  MatrixF out(a.cols, a.cols);
  Eigen::Map<RowMajor>(out.data.data(), a.cols, a.cols) = r.cast<float>();
  return out;
}

Result<double> MeanRowCosineAfter(MatrixView a, MatrixView r, MatrixView b,
                                  std::span<const int32_t> rows) {
  if (a.rows != b.rows || a.cols != r.rows || r.cols != b.cols) {
    return InvalidArgument("row cosine: shapes differ");
  }
  std::vector<int32_t> all;
  if (rows.empty()) {
    all.resize(a.rows);
    for (size_t i = 0; i < a.rows; ++i) all[i] = static_cast<int32_t>(i);
    rows = all;
  }
  const MatrixF sa = GatherRows(a, rows), sb = GatherRows(b, rows);
  LINEAGE_ASSIGN_OR_RETURN(MatrixF rotated, MatMul(sa.view(), r, false, false));
  double sum = 0;
  for (size_t i = 0; i < rows.size(); ++i) sum += Cosine(rotated.row(i), sb.row(i));
  return rows.empty() ? 0.0 : sum / static_cast<double>(rows.size());
}

Result<ProcrustesHoldoutResult> ProcrustesHoldout(MatrixView a, MatrixView b,
                                                  std::span<const int32_t> fit_rows,
                                                  std::span<const int32_t> score_rows, int shuffles,
                                                  uint64_t seed) {
  if (a.rows != b.rows || a.cols != b.cols) return InvalidArgument("Procrustes: shapes differ");
  if (fit_rows.empty() || score_rows.empty())
    return InvalidArgument("Procrustes: empty fit or score half");
  for (int32_t i : fit_rows)
    if (i < 0 || static_cast<size_t>(i) >= a.rows)
      return InvalidArgument("Procrustes: fit row out of range");
  for (int32_t i : score_rows)
    if (i < 0 || static_cast<size_t>(i) >= a.rows)
      return InvalidArgument("Procrustes: score row out of range");
  const MatrixF fa = GatherRows(a, fit_rows), fb = GatherRows(b, fit_rows);
  ProcrustesHoldoutResult out;
  LINEAGE_ASSIGN_OR_RETURN(out.rotation, OrthogonalProcrustes(fa.view(), fb.view()));
  LINEAGE_ASSIGN_OR_RETURN(out.value, MeanRowCosineAfter(a, out.rotation.view(), b, score_rows));
  // The identity needs no product: row i of A against row i of B.
  double identity_sum = 0;
  for (int32_t i : score_rows) identity_sum += Cosine(a.row(i), b.row(i));
  out.identity_value = identity_sum / static_cast<double>(score_rows.size());
  // Null: re-pair the fit rows at random, refit, score the true pairs of the other half.
  std::vector<double> null;
  Rng rng(seed);
  for (int t = 0; t < shuffles; ++t) {
    std::vector<int32_t> shuffled(fit_rows.begin(), fit_rows.end());
    rng.Shuffle(std::span<int32_t>(shuffled));
    const MatrixF sb = GatherRows(b, shuffled);
    LINEAGE_ASSIGN_OR_RETURN(MatrixF r, OrthogonalProcrustes(fa.view(), sb.view()));
    LINEAGE_ASSIGN_OR_RETURN(double v, MeanRowCosineAfter(a, r.view(), b, score_rows));
    null.push_back(v);
  }
  const MeanSd moments = SampleMeanSd(null);
  out.shuffles = moments.n;
  out.null_mean = moments.mean;
  out.null_sd = moments.sd;
  if (moments.sd > 0) out.z = (out.value - moments.mean) / moments.sd;
  return out;
}

}  // namespace lineage
