// Dequantisation throughput, single thread, against memcpy of the same f32 output in the same
// run. Usage: ggml_quants_bench [MiB_of_output] [dump_dir]. With dump_dir, writes the Q8_0 and
// Q4_0 inputs there (q8_0.bin, q4_0.bin) for bench/ggml_quants.sh's numpy peer.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "format/ggml_quantize.h"
#include "format/ggml_quants.h"
#include "format/gguf_types.h"

namespace {

using Clock = std::chrono::steady_clock;

template <typename F>
double BestSeconds(F&& f, int reps) {
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    auto t0 = Clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  using lineage::DType;
  uint64_t mib = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 64;
  std::string dump = argc > 2 ? argv[2] : "";
  uint64_t n = mib * (1 << 20) / 4;
  n -= n % 256;
  std::vector<float> x(n), out(n), copy(n);
  std::mt19937 rng(7);
  std::normal_distribution<float> dist(0.0f, 0.02f);
  for (float& v : x) v = dist(rng);

  volatile float sink = 0;
  double memcpy_s = BestSeconds(
      [&] {
        std::memcpy(copy.data(), x.data(), n * 4);
        sink = sink + copy[n / 2];
      },
      5);
  double out_gb = n * 4 / 1e9;
  std::printf("%-6s %10s %12s %14s\n", "type", "in GB/s", "out f32 GB/s", "vs memcpy");
  std::printf("%-6s %10.2f %12.2f %14s\n", "memcpy", out_gb / memcpy_s, out_gb / memcpy_s, "1.00");
  for (DType t : {DType::kQ8_0, DType::kQ4_0, DType::kQ4_K, DType::kQ6_K}) {
    const lineage::GgmlTypeInfo* info = lineage::GgmlTypeByDType(t);
    std::vector<uint8_t> q(n / info->block_elems * info->block_bytes);
    if (!lineage::QuantizeGgml(t, x.data(), n, q.data()).ok()) return 3;
    double s = BestSeconds(
        [&] {
          if (!lineage::DequantizeGgml(t, q.data(), n, out.data()).ok()) std::exit(3);
          sink = sink + out[n / 3];
        },
        5);
    std::printf("%-6s %10.2f %12.2f %14.2f\n", info->name, q.size() / 1e9 / s, out_gb / s,
                memcpy_s / s);
    if (!dump.empty() && (t == DType::kQ8_0 || t == DType::kQ4_0)) {
      std::string path = dump + "/" + (t == DType::kQ8_0 ? "q8_0.bin" : "q4_0.bin");
      FILE* f = std::fopen(path.c_str(), "wb");
      if (f == nullptr || std::fwrite(q.data(), 1, q.size(), f) != q.size()) return 3;
      std::fclose(f);
      std::printf("       (%s: C++ dequantise %.4f s)\n", path.c_str(), s);
    }
  }
  return 0;
}
