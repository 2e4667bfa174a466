// BlasThreadLimit: caps the BLAS library's own threads for a scope, restoring them after.
//
// Why: MatMul (kernels.h) goes through OpenBLAS, which threads every product above a small size
// over all cores. Many small products (a registry search's 256 × 256 × 256 per block) then spend
// more on waking and joining threads than they gain: measured on the 7B-shaped search bench,
// 1.1–1.6 s CPU with OpenBLAS's threads against 0.67 s with one (docs/METHODS.md §14).
//
// Contract:
//   - With OpenBLAS (the BLAS lineage builds with), sets its thread count to `threads` for the
//     object's lifetime and restores the previous count on destruction; with another BLAS (the
//     OpenBLAS entry points absent at run time), or when `active` is false, does nothing.
//   - The usual use is `BlasThreadLimit one(1, pool.size() > 1)` around a ParallelFor whose tasks
//     multiply: the pool's workers already fill the cores, and OpenBLAS's own threads beside them
//     spin in sched_yield between products (on the 7B bench's block signatures, a ParallelFor
//     over 2 workers took 7.0–9.3 s with OpenBLAS's threads and 5.7–5.9 s with one).
//   - OpenBLAS's thread count is process-wide: do not hold two limits at once, and do not run
//     other BLAS work on other threads meanwhile that needs its own threads.
//   - Results agree with threaded products to rounding only: OpenBLAS splits a product
//     differently by thread count, and the last bits of some elements change. Holding one thread
//     therefore also makes a caller's products the same on every machine whatever its cores or
//     OPENBLAS_NUM_THREADS (a registry search's ranking relies on that).
#pragma once

namespace lineage {

class BlasThreadLimit {
 public:
  explicit BlasThreadLimit(int threads, bool active = true);
  ~BlasThreadLimit();
  BlasThreadLimit(const BlasThreadLimit&) = delete;
  BlasThreadLimit& operator=(const BlasThreadLimit&) = delete;

 private:
  int previous_ = 0;  // 0: nothing to restore
};

}  // namespace lineage
