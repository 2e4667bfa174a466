#include "weights/statistics/derivation.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <Eigen/Dense>

#include "format/dtype.h"
#include "stats/rng.h"

namespace lineage {

LowRankDeltaResult LowRankDelta(Mat a, const Mat& b, const std::string& name, uint64_t seed) {
  LowRankDeltaResult r;
  r.tensor = name;
  r.rank = 16;
  if (a.rows() != b.rows() || a.cols() != b.cols() || a.size() == 0) return r;
  Mat& delta = a;  // in place: at 7B a third matrix of the gate's size would be 180 MB more
  delta -= b;
  double total = delta.squaredNorm();
  double base = b.squaredNorm();
  r.relative_norm = base > 0 ? std::sqrt(total / base) : 0;
  if (total == 0) return r;
  const Eigen::Index k = std::min<Eigen::Index>({64 + 8, delta.rows(), delta.cols()});
  Rng rng(seed);
  const Mat omega = Gaussian(delta.cols(), k, 1.0, rng);
  Eigen::MatrixXf y = delta * omega;
  // Two power iterations sharpen the captured subspace for slowly decaying spectra.
  for (int it = 0; it < 2; ++it) {
    Eigen::HouseholderQR<Eigen::MatrixXf> qr(y);
    Eigen::MatrixXf q = qr.householderQ() * Eigen::MatrixXf::Identity(y.rows(), k);
    y = delta * (delta.transpose() * q);
  }
  Eigen::HouseholderQR<Eigen::MatrixXf> qr(y);
  Eigen::MatrixXf q = qr.householderQ() * Eigen::MatrixXf::Identity(y.rows(), k);
  Eigen::MatrixXf small = q.transpose() * delta;
  Eigen::JacobiSVD<Eigen::MatrixXf> svd(small);
  Eigen::VectorXf s = svd.singularValues();
  double cum = 0;
  double captured = s.squaredNorm();
  r.rank_90 = static_cast<int>(s.size());
  for (Eigen::Index i = 0; i < s.size(); ++i) {
    cum += double(s[i]) * s[i];
    if (i + 1 == r.rank) r.energy_top_r = cum / total;
    if (cum >= 0.9 * captured && r.rank_90 == s.size()) r.rank_90 = static_cast<int>(i + 1);
  }
  if (s.size() < r.rank) r.energy_top_r = cum / total;
  return r;
}

void FillDtypeDiagnostics(const WeightSource& a, const WeightSource& b,
                          const std::vector<TensorComparison>& tensors, DerivationDiagnostics* d) {
  auto majority = [](const WeightSource& s, bool* quantized) {
    std::map<std::string, uint64_t> count;
    for (const TensorKey& k : s.Keys()) {
      auto [r, c] = s.Shape(k);
      if (r > 1) count[s.DTypeOf(k)] += r * c;
    }
    std::string best;
    uint64_t n = 0;
    for (const auto& [t, c] : count) {
      if (c > n) {
        best = t;
        n = c;
      }
      // Any block-quantised matrix marks the model as quantised (mixed files keep norms in F32).
      if (t.size() > 1 && (t[0] == 'Q' || t.rfind("IQ", 0) == 0 || t.rfind("TQ", 0) == 0)) {
        *quantized = true;
      }
    }
    return best;
  };
  d->dtype_a = majority(a, &d->quantized_a);
  d->dtype_b = majority(b, &d->quantized_b);
  double sum = 0;
  int n = 0;
  for (const TensorComparison& t : tensors) {
    if (t.cast_equal_fraction) {
      sum += *t.cast_equal_fraction;
      ++n;
    }
  }
  if (n) d->cast_equal_fraction = sum / n;
}

}  // namespace lineage
