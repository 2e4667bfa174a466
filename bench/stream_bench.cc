// stream_bench MODEL [THREADS]: BF16 → f32 row streaming (StreamRows) per core, against a naive
// scalar converter over the same bytes (the peer) and memcpy of the f32 output size (the
// bandwidth ceiling), with peak RssAnon. Prints key=value lines for bench/stream.sh.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "bench_common.h"
#include "model/model.h"
#include "util/thread_pool.h"

using namespace lineage;

namespace {

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  unsigned threads = 1;
  bench::PeakRssAnon rss;
  auto m = bench::LoadBenchModel(argc, argv, &threads);
  if (!m) return 1;
  uint64_t in_bytes = 0;
  for (const ModelTensor& t : m->tensors) in_bytes += t.info.nbytes;

  // Warm the page cache so both runs measure conversion, not the disk.
  for (const ModelTensor& t : m->tensors) {
    volatile uint8_t sink = 0;
    const uint8_t* p = t.info.source->data() + t.info.offset;
    for (uint64_t i = 0; i < t.info.nbytes; i += 4096) sink = static_cast<uint8_t>(sink ^ p[i]);
  }

  // lineage: StreamRows on `threads` threads, one tensor per task.
  std::atomic<uint64_t> checksum{0};
  ThreadPool pool(threads);
  auto t0 = std::chrono::steady_clock::now();
  Status st = ParallelFor(pool, m->tensors.size(), [&](size_t i) {
    const ModelTensor& t = m->tensors[i];
    uint64_t cols = t.cols();
    return StreamRows(t, 0, [&](const float* rows, uint64_t, uint64_t n) {
      uint32_t bits;
      std::memcpy(&bits, rows + (n * cols) / 2, 4);
      checksum.fetch_add(bits, std::memory_order_relaxed);
      return Status::Ok();
    });
  });
  double s = Seconds(t0);
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.ToString().c_str());
    return 1;
  }

  // Peer: a straightforward scalar loop on one core over the first tensor, 4 MB chunks.
  const ModelTensor& t = m->tensors[0];
  const uint8_t* p = t.info.source->data() + t.info.offset;
  uint64_t n = t.info.nbytes / 2, chunk = 1 << 20;
  std::vector<float> out(chunk);
  t0 = std::chrono::steady_clock::now();
  uint64_t peer_sum = 0;
  for (uint64_t i = 0; i < n; i += chunk) {
    uint64_t k = std::min(chunk, n - i);
    for (uint64_t j = 0; j < k; ++j) {
      uint16_t h;
      std::memcpy(&h, p + 2 * (i + j), 2);
      uint32_t u = static_cast<uint32_t>(h) << 16;
      std::memcpy(&out[j], &u, 4);
    }
    peer_sum += static_cast<uint64_t>(out[k / 2] != 0);
  }
  double peer_s = Seconds(t0);
  // Ceiling: memcpy of the same f32 volume on one core.
  std::vector<float> a(chunk, 1.0f), b(chunk);
  t0 = std::chrono::steady_clock::now();
  for (uint64_t i = 0; i < n; i += chunk) {
    std::memcpy(b.data(), a.data(), std::min(chunk, n - i) * 4);
    a[0] = b[chunk / 2];
  }
  double copy_s = Seconds(t0);
  uint64_t peak_kb = rss.Stop();

  double per_core = in_bytes / s / 1e9 / threads;
  double peer = t.info.nbytes / peer_s / 1e9;
  std::printf("bf16_bytes=%llu threads=%u tensors=%zu checksum=%llu peer_sum=%llu\n",
              static_cast<unsigned long long>(in_bytes), threads, m->tensors.size(),
              static_cast<unsigned long long>(checksum.load()),
              static_cast<unsigned long long>(peer_sum));
  std::printf("stream_bf16_in_gbps_per_core=%.3f stream_f32_out_gbps_per_core=%.3f\n", per_core,
              2 * per_core);
  std::printf("naive_scalar_bf16_in_gbps=%.3f ratio_vs_naive=%.3f memcpy_f32_gbps=%.3f\n", peer,
              per_core / peer, 2.0 * n * 2 / copy_s / 1e9);
  std::printf("peak_rss_anon_mb=%.1f\n", peak_kb / 1024.0);
  return 0;
}
