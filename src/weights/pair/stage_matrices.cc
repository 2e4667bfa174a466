#include "weights/pair/stage_matrices.h"

#include <cmath>

namespace lineage {

int64_t ScrubRows(Mat& m) {
  int64_t n = 0;
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    if (!std::isfinite(m.data()[i])) {
      m.data()[i] = 0;
      ++n;
    }
  }
  return n;
}

Mat SelectRows(const Mat& m, const std::vector<int32_t>& rows) {
  Mat out(static_cast<Eigen::Index>(rows.size()), m.cols());
  for (size_t i = 0; i < rows.size(); ++i) out.row(i) = m.row(rows[i]);
  return out;
}

Mat Gaussian(Eigen::Index rows, Eigen::Index cols, double sd, Rng& rng) {
  Mat m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(sd * rng.Normal());
  return m;
}

}  // namespace lineage
