// hash_bench MODEL [THREADS]: in-process throughput of HashModel (stored SHA-256) and of one
// OpenSSL SHA-256 stream over the same mapped bytes (the per-core peer), with peak RssAnon.
// Prints key=value lines for bench/hash.sh.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "bench_common.h"
#include "model/model.h"
#include "util/thread_pool.h"
#include "weights/hash/hash.h"
#include "weights/hash/sha256.h"

using namespace lineage;

int main(int argc, char** argv) {
  unsigned threads = 1;
  bench::PeakRssAnon rss;
  auto m = bench::LoadBenchModel(argc, argv, &threads);
  if (!m) return 1;
  uint64_t bytes = 0;
  for (const Checkpoint& c : m->checkpoints)
    for (const TensorInfo& t : c.tensors) bytes += t.nbytes;

  // Peer: one SHA-256 stream over the first tensor's file, whole mapping, single core.
  const TensorInfo& first = m->checkpoints[0].tensors[0];
  const ByteSource& src = *first.source;
  auto t0 = std::chrono::steady_clock::now();
  Sha256 one;
  one.Update(src.data(), src.size());
  std::string peer_hex = one.HexDigest();
  double peer_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  HashOptions opt;
  opt.threads = threads;
  t0 = std::chrono::steady_clock::now();
  auto d = HashModel(*m, opt);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!d.ok()) {
    std::fprintf(stderr, "%s\n", d.status().ToString().c_str());
    return 1;
  }
  uint64_t peak_kb = rss.Stop();
  double gbs = bytes / s / 1e9, peer_gbs = src.size() / peer_s / 1e9;
  std::printf("bytes=%llu threads=%u tensors=%zu\n", static_cast<unsigned long long>(bytes),
              threads, d->stored.size());
  std::printf(
      "lineage_hash_gbps=%.3f single_stream_sha256_gbps=%.3f ratio_vs_single_x_threads=%.3f\n", gbs,
      peer_gbs, gbs / (peer_gbs * threads));
  std::printf("peak_rss_anon_mb=%.1f\n", peak_kb / 1024.0);
  return 0;
}
