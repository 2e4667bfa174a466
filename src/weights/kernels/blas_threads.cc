#include "weights/kernels/blas_threads.h"

// OpenBLAS's entry points, weak so that a build against another BLAS still links (they are then
// null and the limit does nothing).
extern "C" {
void openblas_set_num_threads(int) __attribute__((weak));
int openblas_get_num_threads() __attribute__((weak));
}

namespace lineage {

BlasThreadLimit::BlasThreadLimit(int threads, bool active) {
  if (!active || openblas_set_num_threads == nullptr || openblas_get_num_threads == nullptr) return;
  previous_ = openblas_get_num_threads();
  if (previous_ > threads) {
    openblas_set_num_threads(threads);
  } else {
    previous_ = 0;
  }
}

BlasThreadLimit::~BlasThreadLimit() {
  if (previous_ > 0) openblas_set_num_threads(previous_);
}

}  // namespace lineage
