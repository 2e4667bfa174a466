// registry_search_bench DB [N] [K]: the registry search's two costs, out of CI (issue 16's bench).
//   1. The prefilter over N registered models (default 10,000): N synthetic fingerprints with
//      full-size summaries (64 of 256 probe tokens, 8 blocks) but one kept unit per block, so the
//      database stays small; SearchRegistry with top K = 0 times the summary scan alone.
//   2. One full sketch comparison of two 7B-shaped fingerprints (32 blocks × 256 kept units ×
//      256 probe tokens): a search costs the prefilter plus K (default 10) of these.
// Prints key=value lines. DB is created (it must not exist).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fingerprint/compare.h"
#include "registry/registry.h"
#include "registry/search.h"
#include "stats/rng.h"

using namespace lineage;

namespace {

Fingerprint Synthetic(Rng& rng, uint32_t units, uint32_t blocks, const std::string& name) {
  Fingerprint fp;
  fp.provenance.reference = name;
  fp.provenance.files = {{"model.safetensors", name}};
  fp.embedding.dim = 8;
  for (uint32_t t = 0; t < kSketchTokens; ++t) fp.embedding.token_hashes.push_back(1000 + t);
  fp.embedding.rows.resize(size_t{kSketchTokens} * 8);
  rng.FillNormal(fp.embedding.rows, 1.0);
  for (uint32_t l = 0; l < blocks; ++l) {
    BlockSketch b;
    b.layer = static_cast<int32_t>(l);
    b.width = 11008;
    for (uint32_t u = 0; u < units; ++u) b.units.push_back(u * 40);
    b.gate_resp.resize(size_t{kSketchTokens} * units);
    b.up_resp.resize(b.gate_resp.size());
    rng.FillNormal(b.gate_resp, 1.0);
    rng.FillNormal(b.up_resp, 1.0);
    fp.blocks.push_back(std::move(b));
  }
  return fp;
}

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: registry_search_bench DB [N] [K]\n");
    return 2;
  }
  const int n = argc > 2 ? std::atoi(argv[2]) : 10000;
  const int k = argc > 3 ? std::atoi(argv[3]) : 10;
  auto reg = Registry::Open(argv[1]);
  if (!reg.ok()) {
    std::fprintf(stderr, "%s\n", reg.status().ToString().c_str());
    return 1;
  }
  Rng rng(0xBE4C);
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    auto r = (*reg)->Add(Synthetic(rng, 1, 8, "synthetic/" + std::to_string(i)));
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      return 1;
    }
  }
  std::printf("models=%d add_s=%.2f\n", n, Seconds(t0));
  const Fingerprint candidate = Synthetic(rng, 1, 8, "candidate");
  t0 = std::chrono::steady_clock::now();
  auto s = SearchRegistry(**reg, candidate, 0);
  if (!s.ok()) return 1;
  const double prefilter = Seconds(t0);
  std::printf("prefilter_s=%.3f\n", prefilter);
  const Fingerprint a = Synthetic(rng, 256, 32, "a"), b = Synthetic(rng, 256, 32, "b");
  t0 = std::chrono::steady_clock::now();
  auto c = CompareFingerprints(a, b);
  if (!c.ok()) return 1;
  const double pair = Seconds(t0);
  std::printf("pair_7b_shape_s=%.3f search_estimate_s=%.3f (prefilter + %d pairs)\n", pair,
              prefilter + pair * k, k);
  return 0;
}
