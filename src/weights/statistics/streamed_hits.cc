#include "weights/statistics/streamed_hits.h"

#include <cmath>
#include <string>

#include "weights/kernels/kernels.h"

namespace lineage {

Result<StreamedHits> StreamedHits::Start(const Mat& a_rows, std::vector<int32_t> rows, int64_t h_a,
                                         int64_t h_b) {
  if (a_rows.rows() == 0 || a_rows.cols() == 0 || h_b <= 0)
    return InvalidArgument("unit identity: empty unit matrix");
  if (static_cast<size_t>(a_rows.rows()) != rows.size())
    return InvalidArgument("unit identity: one index per sampled row");
  for (int32_t i : rows) {
    if (i < 0 || i >= h_a) {
      return InvalidArgument("unit identity: sampled row " + std::to_string(i) + " outside " +
                             std::to_string(h_a) + " units");
    }
  }
  if (!AllFinite(a_rows)) return InvalidArgument("unit identity: A contains NaN or Inf");
  StreamedHits s;
  s.a_ = a_rows;
  s.rows_ = std::move(rows);
  s.h_a_ = h_a;
  s.dot_ = Mat::Zero(a_rows.rows(), static_cast<Eigen::Index>(h_b));
  s.norm2_.assign(static_cast<size_t>(h_b), 0.0);
  return s;
}

Status StreamedHits::Add(int64_t col, int64_t first, const Mat& part) {
  const int64_t h_b = dot_.cols(), k = a_.cols();
  if (col < 0 || first < 0 || col + part.cols() > k || first + part.rows() > h_b) {
    return InvalidArgument("unit identity: base units " + std::to_string(first) + "+" +
                           std::to_string(part.rows()) + ", columns " + std::to_string(col) + "+" +
                           std::to_string(part.cols()) + " outside " + std::to_string(h_b) + " × " +
                           std::to_string(k));
  }
  if (!AllFinite(part)) return InvalidArgument("unit identity: B contains NaN or Inf");
  dot_.middleCols(first, part.rows()).noalias() +=
      a_.middleCols(col, part.cols()) * part.transpose();
  for (Eigen::Index r = 0; r < part.rows(); ++r) {
    double ss = 0;
    for (Eigen::Index c = 0; c < part.cols(); ++c)
      ss += static_cast<double>(part(r, c)) * part(r, c);
    norm2_[static_cast<size_t>(first + r)] += ss;
  }
  added_ += part.rows() * part.cols();
  return Status::Ok();
}

Result<UnitIdentityResult> StreamedHits::Finish() const {
  const int64_t h_b = dot_.cols(), k = a_.cols();
  if (added_ != h_b * k) {
    return InvalidArgument("unit identity: " + std::to_string(added_) + " of " +
                           std::to_string(h_b * k) + " base entries were streamed");
  }
  // The candidate row's norm is the same for every base unit, so dividing by |b| alone keeps the
  // argmax of the cosine.
  Mat score = dot_;
  for (int64_t j = 0; j < h_b; ++j) {
    const double n2 = norm2_[static_cast<size_t>(j)];
    score.col(j) *= n2 > 0 ? static_cast<float>(1.0 / std::sqrt(n2)) : 0.0f;
  }
  const std::vector<int32_t> best = RowArgmax(
      MatrixView{score.data(), static_cast<size_t>(score.rows()), static_cast<size_t>(h_b)});
  UnitIdentityResult r;
  r.h_a = h_a_;
  r.h_b = h_b;
  r.k = k;
  if (h_a_ == h_b) FillHitCount(best, rows_, &r);
  return r;
}

}  // namespace lineage
