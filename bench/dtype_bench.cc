// BF16→f32 and F16→f32 decoding throughput on one core, in GB/s of *input* bytes.
//   dtype_bench [MEGABYTES=256]
// Two modes: "whole" converts the whole buffer into a same-sized f32 array (memory-bound), and
// "chunked" converts it 64 Ki elements at a time into one reused buffer, which is how the model
// layer streams rows. Best of 5 runs. bench/dtype.sh runs numpy doing the same beside it.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "format/dtype.h"

namespace {

using Clock = std::chrono::steady_clock;
using Decoder = void (*)(const uint8_t*, uint64_t, float*);

double Best(const std::vector<uint8_t>& src, float* dst, uint64_t chunk, Decoder decode,
            double* checksum) {
  const uint64_t n = src.size() / 2;
  double best = 1e30;
  for (int rep = 0; rep < 5; ++rep) {
    const auto t0 = Clock::now();
    for (uint64_t i = 0; i < n; i += chunk) {
      const uint64_t m = std::min(chunk, n - i);
      decode(src.data() + 2 * i, m, chunk == n ? dst + i : dst);
      *checksum += dst[(i / chunk) % m];  // keep the work observable
    }
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
  }
  return static_cast<double>(src.size()) / best / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t mb = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 256;
  const uint64_t n = mb * (1ull << 20) / 2;
  std::vector<uint8_t> src(2 * n);
  std::mt19937_64 rng(42);
  for (uint64_t i = 0; i < n; ++i) {
    // Finite values of either format: sign, exponent away from Inf/NaN, random mantissa.
    const uint16_t v = static_cast<uint16_t>((rng() & 0x83FF) | ((10 + rng() % 10) << 10));
    src[2 * i] = static_cast<uint8_t>(v);
    src[2 * i + 1] = static_cast<uint8_t>(v >> 8);
  }
  std::vector<float> whole(n);
  double checksum = 0;
  const uint64_t chunk = 1 << 16;
  std::printf("input_mb %llu\n", static_cast<unsigned long long>(mb));
  std::printf("bf16_whole_gbps %.3f\n", Best(src, whole.data(), n, lineage::DecodeBF16, &checksum));
  std::printf("bf16_chunked_gbps %.3f\n",
              Best(src, whole.data(), chunk, lineage::DecodeBF16, &checksum));
  std::printf("f16_whole_gbps %.3f\n", Best(src, whole.data(), n, lineage::DecodeF16, &checksum));
  std::printf("f16_chunked_gbps %.3f\n",
              Best(src, whole.data(), chunk, lineage::DecodeF16, &checksum));
  std::fprintf(stderr, "checksum %g\n", checksum);
  return 0;
}
