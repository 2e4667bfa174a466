#include "weights/align/half_products.h"

#include <cmath>

#include "weights/align/procrustes.h"

namespace lineage {

namespace {

using RowMajorF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// 1 / sd (times √n, which cancels in a correlation) from the centred sums of squares `var`;
// 0 for a column without spread: one whose centred sum is at the rounding level of its raw sum
// of squares `raw` (a constant column, whose float offset left a few ulps behind).
Eigen::VectorXf InverseNorms(const Eigen::VectorXd& var, const Eigen::VectorXd& raw) {
  Eigen::VectorXf out(var.size());
  for (Eigen::Index j = 0; j < var.size(); ++j)
    out(j) = var(j) > 1e-12 * raw(j) ? static_cast<float>(1.0 / std::sqrt(var(j))) : 0.0f;
  return out;
}

Mat Normalise(Mat cross, const Eigen::VectorXd& var_a, const Eigen::VectorXd& raw_a,
              const Eigen::VectorXd& var_b, const Eigen::VectorXd& raw_b) {
  const Eigen::VectorXf na = InverseNorms(var_a, raw_a), nb = InverseNorms(var_b, raw_b);
  cross.array().colwise() *= na.array();
  cross.array().rowwise() *= nb.transpose().array();
  return cross;
}

Mat ToMatrix(const MatrixF& m) {
  return Eigen::Map<const RowMajorF>(m.data.data(), static_cast<Eigen::Index>(m.rows),
                                     static_cast<Eigen::Index>(m.cols));
}

}  // namespace

Result<HalfProducts> MultiplyHalf(const Mat& a, const Mat& b, const std::vector<int32_t>& rows) {
  if (a.rows() != b.rows()) return InvalidArgument("alignment: unpaired embedding rows");
  HalfProducts h;
  LINEAGE_ASSIGN_OR_RETURN(h.cross, CrossProduct(View(a), View(b), rows, rows));
  h.n = static_cast<double>(rows.size());
  h.sum_a = h.sumsq_a = Eigen::VectorXd::Zero(a.cols());
  h.sum_b = h.sumsq_b = Eigen::VectorXd::Zero(b.cols());
  for (int32_t r : rows) {
    const Eigen::RowVectorXd ra = a.row(r).cast<double>(), rb = b.row(r).cast<double>();
    h.sum_a += ra.transpose();
    h.sumsq_a += ra.transpose().cwiseAbs2();
    h.sum_b += rb.transpose();
    h.sumsq_b += rb.transpose().cwiseAbs2();
  }
  return h;
}

Mat HalfCorrelation(const HalfProducts& h) {
  if (h.n == 0)
    return Mat::Zero(static_cast<Eigen::Index>(h.cross.rows),
                     static_cast<Eigen::Index>(h.cross.cols));
  const Eigen::VectorXd mean_a = h.sum_a / h.n, mean_b = h.sum_b / h.n;
  Mat centred = ToMatrix(h.cross);
  centred.noalias() -= (h.n * mean_a).cast<float>() * mean_b.transpose().cast<float>();
  return Normalise(std::move(centred), h.sumsq_a - h.n * mean_a.cwiseAbs2(), h.sumsq_a,
                   h.sumsq_b - h.n * mean_b.cwiseAbs2(), h.sumsq_b);
}

Mat AllRowsCorrelation(const HalfProducts& fit, const HalfProducts& score) {
  Mat cross = ToMatrix(fit.cross);
  cross += ToMatrix(score.cross);
  const Eigen::VectorXd sq_a = fit.sumsq_a + score.sumsq_a, sq_b = fit.sumsq_b + score.sumsq_b;
  return Normalise(std::move(cross), sq_a, sq_a, sq_b, sq_b);
}

}  // namespace lineage
