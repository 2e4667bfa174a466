#include "weights/kernels/polar.h"

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Dense>

extern "C" {
// LAPACK (Fortran ABI: every argument by pointer, the character argument's length appended).
void sgesdd_(const char* jobz, const int* m, const int* n, float* a, const int* lda, float* s,
             float* u, const int* ldu, float* vt, const int* ldvt, float* work, const int* lwork,
             int* iwork, int* info, size_t jobz_len);
}

namespace lineage {

Result<MatrixF> PolarFactor(MatrixF m) {
  if (m.rows == 0 || m.rows != m.cols) {
    return InvalidArgument("polar factor: " + std::to_string(m.rows) + " × " +
                           std::to_string(m.cols) + " is not a non-empty square matrix");
  }
  for (float v : m.data)
    if (!std::isfinite(v)) return InvalidArgument("polar factor: the matrix holds NaN or Inf");
  const int n = static_cast<int>(m.rows);
  // LAPACK is column-major, so it sees Mᵀ = V Σ Uᵀ and returns U_L = V, VT_L = Uᵀ. The product
  // U_L · VT_L = V Uᵀ = (U Vᵀ)ᵀ, stored column-major, is U Vᵀ read row-major.
  std::vector<float> s(static_cast<size_t>(n)), u(static_cast<size_t>(n) * n),
      vt(static_cast<size_t>(n) * n);
  std::vector<int> iwork(static_cast<size_t>(8) * n);
  int info = 0, lwork = -1;
  float query = 0;
  sgesdd_("A", &n, &n, m.data.data(), &n, s.data(), u.data(), &n, vt.data(), &n, &query, &lwork,
          iwork.data(), &info, 1);
  if (info != 0)
    return Internal("sgesdd workspace query failed (info " + std::to_string(info) + ")");
  lwork = static_cast<int>(query);
  std::vector<float> work(static_cast<size_t>(lwork));
  sgesdd_("A", &n, &n, m.data.data(), &n, s.data(), u.data(), &n, vt.data(), &n, work.data(),
          &lwork, iwork.data(), &info, 1);
  if (info != 0) {
    return info < 0 ? Internal("sgesdd: argument " + std::to_string(-info) + " is invalid")
                    : Internal("sgesdd did not converge (info " + std::to_string(info) + ")");
  }
  work = {};
  m.data = {};
  using ColMajor = Eigen::Map<Eigen::MatrixXf>;
  MatrixF out(m.rows, m.cols);
  ColMajor(out.data.data(), n, n).noalias() = ColMajor(u.data(), n, n) * ColMajor(vt.data(), n, n);
  return out;
}

}  // namespace lineage
