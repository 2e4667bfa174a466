#include "stats/rng.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lineage {
namespace {

uint64_t SplitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(uint64_t seed) {
  seed_ = seed;
  uint64_t x = seed;
  for (uint64_t& s : s_) s = SplitMix64(x);
}

uint64_t Rng::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

double Rng::Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

uint64_t Rng::Below(uint64_t n) {
  // Multiply-shift with rejection of the biased low zone (Lemire 2019): unbiased for every n.
  unsigned __int128 m = static_cast<unsigned __int128>(Next()) * n;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < n) {
    const uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<unsigned __int128>(Next()) * n;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

namespace {

// One accepted pair of the polar method: (x·f, y·f), the two normals Normal() returns in turn.
void PolarPair(Rng& rng, double& first, double& second) {
  double x, y, s;
  do {
    x = 2 * rng.Uniform() - 1;
    y = 2 * rng.Uniform() - 1;
    s = x * x + y * y;
  } while (s >= 1 || s == 0);
  const double f = std::sqrt(-2 * std::log(s) / s);
  first = x * f;
  second = y * f;
}

}  // namespace

double Rng::Normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double first;
  PolarPair(*this, first, spare_);
  has_spare_ = true;
  return first;
}

void Rng::FillNormal(std::span<float> out, double sd) {
  // The same draws as calling Normal() once per entry. Bulk draws (control drift, the panels) were
  // a sixth of the 7B bench's power controls, so the pairs are made in batches: first the
  // candidates, kept without a branch, then the accepted ones' logarithms, which no longer wait on
  // a mispredicted rejection. A batch never holds more candidates than pairs still wanted (each
  // candidate gives at most one pair), so the generator stops exactly where Normal() would.
  size_t i = 0;
  if (has_spare_ && !out.empty()) out[i++] = static_cast<float>(sd * Normal());
  constexpr size_t kBatch = 256;
  double xs[kBatch], ys[kBatch], ss[kBatch];
  size_t wanted = (out.size() - i) / 2;
  while (wanted > 0) {
    const size_t m = std::min(wanted, kBatch);
    size_t kept = 0;
    for (size_t k = 0; k < m; ++k) {
      const double x = 2 * Uniform() - 1;
      const double y = 2 * Uniform() - 1;
      const double s = x * x + y * y;  // as PolarPair: the same rounding, the same acceptance
      xs[kept] = x;
      ys[kept] = y;
      ss[kept] = s;
      kept += (s < 1 && s != 0) ? 1 : 0;
    }
    for (size_t k = 0; k < kept; ++k, i += 2) {
      const double f = std::sqrt(-2 * std::log(ss[k]) / ss[k]);
      out[i] = static_cast<float>(sd * (xs[k] * f));
      out[i + 1] = static_cast<float>(sd * (ys[k] * f));
    }
    wanted -= kept;
  }
  if (i < out.size()) out[i] = static_cast<float>(sd * Normal());
}

Rng Rng::Fork(uint64_t i) const {
  uint64_t x = seed_ ^ (0xD1B54A32D192ED03ull * (i + 1));
  return Rng(SplitMix64(x));
}

std::vector<int32_t> Rng::Permutation(size_t n) {
  std::vector<int32_t> p(n);
  std::iota(p.begin(), p.end(), 0);
  Shuffle(std::span<int32_t>(p));
  return p;
}

std::vector<int32_t> Rng::Sample(size_t n, size_t k) {
  k = std::min(k, n);
  std::vector<int32_t> p(n);
  std::iota(p.begin(), p.end(), 0);
  // Partial Fisher–Yates: the first k slots become a uniform k-subset.
  for (size_t i = 0; i < k; ++i) {
    size_t j = i + static_cast<size_t>(Below(n - i));
    std::swap(p[i], p[j]);
  }
  p.resize(k);
  std::sort(p.begin(), p.end());
  return p;
}

std::vector<int32_t> Rng::SampleRuns(size_t n, size_t k, size_t run) {
  k = std::min(k, n);
  if (run <= 1 || k > (n / run) * run) return Sample(n, k);
  std::vector<int32_t> out;
  out.reserve(k);
  for (int32_t place : Sample(n / run, (k + run - 1) / run)) {
    for (size_t i = 0; i < run && out.size() < k; ++i) {
      out.push_back(static_cast<int32_t>(static_cast<size_t>(place) * run + i));
    }
  }
  return out;
}

}  // namespace lineage
