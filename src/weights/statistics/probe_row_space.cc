#include "weights/statistics/probe_row_space.h"

#include <Eigen/QR>

namespace lineage {

Mat ProbesRowSpaceFactor(const Mat& probes) {
  const Eigen::Index p = probes.rows();
  if (probes.cols() <= p) return probes;
  const Eigen::HouseholderQR<Eigen::MatrixXf> qr(probes.transpose());
  const Eigen::MatrixXf r = qr.matrixQR().topRows(p).triangularView<Eigen::Upper>();
  return r.transpose();
}

}  // namespace lineage
