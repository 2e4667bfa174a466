// Rng: a small, seeded, platform-independent random generator for nulls and sampling.
//
// Contract:
//   - The same seed gives the same stream on every platform and standard library (std::shuffle and
//     std::*_distribution are implementation-defined; this is not). Use it for every seeded
//     procedure whose results a report cites (row sampling, shuffles, permutation nulls).
//   - Not thread-safe: one Rng per thread. Derive per-task generators with Rng(seed).Fork(i).
//   - xoshiro256** seeded through splitmix64.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace lineage {

class Rng {
 public:
  explicit Rng(uint64_t seed);

  uint64_t Next();             // 64 uniform bits
  double Uniform();            // in [0, 1), 53-bit resolution
  uint64_t Below(uint64_t n);  // uniform in [0, n), unbiased (n > 0)
  double Normal();             // standard normal (polar Box–Muller)
  // Fills `out` with N(0, sd²) draws, in order: out[i] = float(sd · Normal()).
  void FillNormal(std::span<float> out, double sd);
  // An independent generator for task `i` (deterministic in the seed and i).
  Rng Fork(uint64_t i) const;

  // Fisher–Yates shuffle in place.
  template <typename T>
  void Shuffle(std::span<T> v) {
    for (size_t i = v.size(); i > 1; --i) {
      size_t j = static_cast<size_t>(Below(i));
      std::swap(v[i - 1], v[j]);
    }
  }
  // The identity permutation of size n, shuffled.
  std::vector<int32_t> Permutation(size_t n);
  // k distinct indices from [0, n), in increasing order (k <= n).
  std::vector<int32_t> Sample(size_t n, size_t k);
  // k distinct indices from [0, n), in increasing order, as runs of `run` consecutive indices
  // that start at multiples of `run` (a uniform subset of those places; the last run is cut to
  // make k). Where runs cannot hold k (k > (n / run) · run) or run ≤ 1, Sample(n, k). For
  // exchangeable indices (MLP units, residual dimensions) it is as random as Sample, and a
  // remote file's sampled rows then come in few ranges.
  std::vector<int32_t> SampleRuns(size_t n, size_t k, size_t run);

 private:
  uint64_t seed_ = 0;
  uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace lineage
