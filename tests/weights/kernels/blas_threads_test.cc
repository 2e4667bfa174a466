// BlasThreadLimit holds OpenBLAS to the given thread count for its scope and restores the count
// after (weights/kernels/blas_threads.h); products computed under it agree with threaded ones to
// rounding (OpenBLAS splits the work differently, so the last bits may differ).
#include "weights/kernels/blas_threads.h"

#include <gtest/gtest.h>

#include <cmath>

#include "weights/kernels/kernels.h"

extern "C" {
void openblas_set_num_threads(int) __attribute__((weak));
int openblas_get_num_threads() __attribute__((weak));
}

namespace lineage {
namespace {

MatrixF Filled(size_t rows, size_t cols, float step) {
  MatrixF m(rows, cols);
  for (size_t i = 0; i < m.data.size(); ++i) m.data[i] = step * static_cast<float>(i % 97) - 1.0f;
  return m;
}

TEST(BlasThreadLimit, HoldsOpenBlasToOneThreadAndRestoresIt) {
  if (openblas_get_num_threads == nullptr) GTEST_SKIP() << "not linked against OpenBLAS";
  openblas_set_num_threads(2);
  const int before = openblas_get_num_threads();
  const MatrixF a = Filled(300, 200, 0.01f), b = Filled(200, 300, 0.02f);
  Result<MatrixF> threaded = MatMul(a.view(), b.view(), false, false);
  ASSERT_TRUE(threaded.ok());
  {
    const BlasThreadLimit limit(1);
    EXPECT_EQ(openblas_get_num_threads(), 1);
    Result<MatrixF> single = MatMul(a.view(), b.view(), false, false);
    ASSERT_TRUE(single.ok());
    ASSERT_EQ(single->data.size(), threaded->data.size());
    for (size_t i = 0; i < single->data.size(); ++i)
      EXPECT_NEAR(single->data[i], threaded->data[i], 1e-5 * (1 + std::fabs(threaded->data[i])));
  }
  EXPECT_EQ(openblas_get_num_threads(), before);
}

}  // namespace
}  // namespace lineage
