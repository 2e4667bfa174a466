// Kernels bench: pair statistics (cosine, Pearson, relative L2 in one pass) over two long f32
// arrays, serial and on a 2-thread pool, and the GEMM cosine matrix. bench/kernels_peer.py runs
// the same work in numpy on the same data (same LCG) in the same script (bench/kernels.sh).
// Usage: kernels_bench N M K D. Prints "ours <what> seconds value".
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "util/thread_pool.h"
#include "weights/kernels/kernels.h"

namespace {

// The generator shared with the peers (bench/lap_peer.py): 64-bit LCG, top 24 bits → [0, 1).
void Fill(std::vector<float>& v, uint64_t seed) {
  uint64_t s = seed;
  for (float& x : v) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    x = static_cast<float>(static_cast<double>(s >> 40) / 16777216.0);
  }
}

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 50'000'000;
  const size_t m = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 2048;
  const size_t k = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 4096;
  const size_t d = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 2048;
  std::vector<float> a(n), b(n);
  Fill(a, 1);
  Fill(b, 2);
  for (size_t i = 0; i < n; ++i) b[i] = 0.5f * a[i] + b[i];  // correlated, Pearson ≈ 0.447

  auto t0 = std::chrono::steady_clock::now();
  auto serial = lineage::ComparePair(a, b);
  std::printf("ours pair-1t %.4f %.9f\n", Seconds(t0), serial->pearson);
  lineage::ThreadPool pool(2);
  t0 = std::chrono::steady_clock::now();
  auto parallel = lineage::ComparePair(pool, a, b);
  std::printf("ours pair-2t %.4f %.9f\n", Seconds(t0), parallel->pearson);
  a.clear();
  a.shrink_to_fit();
  b.clear();
  b.shrink_to_fit();

  std::vector<float> x(m * d), y(k * d);
  Fill(x, 3);
  Fill(y, 4);
  t0 = std::chrono::steady_clock::now();
  auto c = lineage::CosineMatrix({x.data(), m, d}, {y.data(), k, d});
  const double sec = Seconds(t0);
  if (!c.ok()) return 1;
  std::printf("ours cosmat %.4f %.6f\n", sec, static_cast<double>(c->at(m - 1, k - 1)));
  return 0;
}
