// registry_search_bench DIR [N] [K] [THREADS]: the registry search over N synthetic models (default
// 10,000), out of CI (issue 16's bench). Run it under the tunable the CLI sets for itself
// (GLIBC_TUNABLES=glibc.malloc.hugetlb=1, cli/huge_page_malloc.h), as bench/run.sh does not.
//   1. DIR/small.sqlite: N synthetic fingerprints with full-size summaries (64 of 256 probe
//      tokens, 8 blocks) but one kept unit per block, so the database stays small (≈ 30 MB).
//      Reused when it already holds N models (the adds take about a minute).
//      `prefilter_s`: SearchRegistry with top K = 0, the part of a search that grows with N
//      (reading and scoring every summary).
//   2. DIR/full.sqlite: K 7B-shaped fingerprints (32 blocks × 256 kept units × 256 probe tokens,
//      ≈ 16 MB each), one of them the candidate's relative (its responses plus noise).
//      `full_k_s`: SearchRegistry with top K over them, the part that grows with K and the
//      model's size (loading, decoding and comparing K full sketches); `relative_first` says
//      whether the relative ranks first and is related.
//   `search_s` = prefilter_s + full_k_s: a search over N models whose top K are 7B-shaped.
// Prints key=value lines.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

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
    // Kept labels drawn at random, as the label-free keep rule makes them under H0.
    for (int32_t u : rng.Sample(b.width, units)) b.units.push_back(static_cast<uint32_t>(u));
    std::sort(b.units.begin(), b.units.end());
    b.gate_resp.resize(size_t{kSketchTokens} * units);
    b.up_resp.resize(b.gate_resp.size());
    rng.FillNormal(b.gate_resp, 1.0);
    rng.FillNormal(b.up_resp, 1.0);
    fp.blocks.push_back(std::move(b));
  }
  return fp;
}

// `fp` drifted by Gaussian noise of sd 0.3 per response (a fine-tune), under another name.
Fingerprint Relative(Rng& rng, Fingerprint fp, const std::string& name) {
  fp.provenance.reference = name;
  fp.provenance.files = {{"model.safetensors", name}};
  for (BlockSketch& b : fp.blocks) {
    std::vector<float> noise(b.gate_resp.size());
    for (auto* m : {&b.gate_resp, &b.up_resp}) {
      rng.FillNormal(noise, 0.3);
      for (size_t i = 0; i < m->size(); ++i) (*m)[i] += noise[i];
    }
  }
  return fp;
}

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// CPU seconds of the whole process (every thread) since `c0`: on a shared machine wall time
// also counts the other users' load, CPU time mostly does not.
double CpuSeconds(std::clock_t c0) {
  return static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
}

bool Fill(Registry& reg, int n, Rng& rng) {
  auto count = reg.Count();
  if (count.ok() && *count >= n) return true;
  for (int i = 0; i < n; ++i) {
    auto r = reg.Add(Synthetic(rng, 1, 8, "synthetic/" + std::to_string(i)));
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      return false;
    }
  }
  return true;
}

std::unique_ptr<Registry> OpenOrDie(const std::string& path) {
  auto reg = Registry::Open(path);
  if (!reg.ok()) {
    std::fprintf(stderr, "%s\n", reg.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(reg).value();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: registry_search_bench DIR [N] [K] [THREADS]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const int n = argc > 2 ? std::atoi(argv[2]) : 10000;
  const int k = argc > 3 ? std::atoi(argv[3]) : 10;
  const unsigned threads = argc > 4 ? static_cast<unsigned>(std::atoi(argv[4])) : 0;
  Rng rng(0xBE4C);
  auto small = OpenOrDie(dir + "/small.sqlite");
  auto t0 = std::chrono::steady_clock::now();
  if (!Fill(*small, n, rng)) return 1;
  std::printf("models=%d fill_s=%.2f\n", n, Seconds(t0));
  // Its own stream: the same candidate whether or not this run filled the registries.
  Rng candidate_rng(0xCA4D);
  const Fingerprint candidate = Synthetic(candidate_rng, 256, 32, "candidate");
  t0 = std::chrono::steady_clock::now();
  std::clock_t c0 = std::clock();
  auto s = SearchRegistry(*small, candidate, 0);
  if (!s.ok()) return 1;
  const double prefilter = Seconds(t0), prefilter_cpu = CpuSeconds(c0);
  std::printf("prefilter_s=%.3f prefilter_cpu_s=%.3f\n", prefilter, prefilter_cpu);

  auto full = OpenOrDie(dir + "/full.sqlite");
  auto held = full->Count();
  if (!held.ok() || *held < k) {
    for (int i = 0; i + 1 < k; ++i)
      (void)full->Add(Synthetic(rng, 256, 32, "unrelated-7b/" + std::to_string(i)));
    (void)full->Add(Relative(rng, candidate, "relative-7b"));
  }
  t0 = std::chrono::steady_clock::now();
  c0 = std::clock();
  auto f = SearchRegistry(*full, candidate, static_cast<size_t>(k), threads);
  if (!f.ok()) return 1;
  const double full_k = Seconds(t0), full_k_cpu = CpuSeconds(c0);
  const bool first = !f->hits.empty() && f->hits[0].entry.reference == "relative-7b" &&
                     f->hits[0].related() && (f->hits.size() < 2 || !f->hits[1].related());
  for (size_t i = 0; i < f->hits.size() && i < 3; ++i) {
    const SearchHit& h = f->hits[i];
    std::printf("hit%zu=%s related=%d log10_p=%.1f agreement=%.3f\n", i, h.entry.reference.c_str(),
                h.related() ? 1 : 0, h.log10_p_bonferroni, h.comparison.mean_agreement);
  }
  std::printf("k=%d full_k_s=%.3f full_k_cpu_s=%.3f relative_first=%d search_s=%.3f\n", k, full_k,
              full_k_cpu, first ? 1 : 0, prefilter + full_k);
  return 0;
}
