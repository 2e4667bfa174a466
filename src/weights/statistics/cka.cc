#include "weights/statistics/cka.h"

#include <cmath>

#include <Eigen/Dense>

namespace lineage {
namespace {

using MatD = Eigen::MatrixXd;

Status CheckShapes(MatrixView x, MatrixView y) {
  if (x.rows != y.rows) return InvalidArgument("CKA: sample counts differ");
  if (x.rows < 4) return InvalidArgument("CKA: unbiased HSIC needs at least 4 samples");
  if (x.cols == 0 || y.cols == 0) return InvalidArgument("CKA: no features");
  return Status::Ok();
}

// Linear Gram matrix in double (samples × samples).
MatD Gram(MatrixView m) {
  const Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> f(
      m.data, m.rows, m.cols);
  const MatD d = f.cast<double>();
  MatD k = d * d.transpose();
  k.diagonal().setZero();
  return k;
}

// HSIC_u of two zero-diagonal Gram matrices (METHODS §4.4).
double Hsic(const MatD& k, const MatD& l) {
  const double n = static_cast<double>(k.rows());
  const double trace = k.cwiseProduct(l).sum();  // tr(K̃L̃), both symmetric
  const Eigen::VectorXd k1 = k.rowwise().sum(), l1 = l.rowwise().sum();
  const double sum_k = k1.sum(), sum_l = l1.sum();
  return (trace + sum_k * sum_l / ((n - 1) * (n - 2)) - 2.0 / (n - 2) * k1.dot(l1)) / (n * (n - 3));
}

MatD CenteredGram(MatrixView m) {
  const Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> f(
      m.data, m.rows, m.cols);
  MatD d = f.cast<double>();
  d.rowwise() -= d.colwise().mean();
  return d * d.transpose();
}

}  // namespace

Result<double> UnbiasedHsic(MatrixView x, MatrixView y) {
  LINEAGE_RETURN_IF_ERROR(CheckShapes(x, y));
  return Hsic(Gram(x), Gram(y));
}

Result<double> UnbiasedCka(MatrixView x, MatrixView y) {
  LINEAGE_RETURN_IF_ERROR(CheckShapes(x, y));
  const MatD k = Gram(x), l = Gram(y);
  const double kk = Hsic(k, k), ll = Hsic(l, l);
  if (!(kk > 0) || !(ll > 0)) return InvalidArgument("CKA: degenerate input (self-HSIC <= 0)");
  return Hsic(k, l) / std::sqrt(kk * ll);
}

Result<double> BiasedCka(MatrixView x, MatrixView y) {
  LINEAGE_RETURN_IF_ERROR(CheckShapes(x, y));
  const MatD k = CenteredGram(x), l = CenteredGram(y);
  const double kl = k.cwiseProduct(l).sum(), kk = k.squaredNorm(), ll = l.squaredNorm();
  if (!(kk > 0) || !(ll > 0)) return InvalidArgument("CKA: degenerate input");
  return kl / std::sqrt(kk * ll);
}

}  // namespace lineage
