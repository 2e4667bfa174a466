// Searching a registry for the models related to a candidate fingerprint (docs/METHODS.md §14).
//
// Contract:
//   - Prefilter: every registry model's summary (registry/summary.h) is scored against the
//     candidate's; the `top_k` best (ties to the lower id) get the full sketch comparison
//     (fingerprint/compare.h). The summary has no null: a relative ranked below top_k is not
//     compared, which is the price of a sub-second search over a large registry.
//   - Multiplicity: each hit's exact p is corrected by Bonferroni over the registry size N (every
//     model could have been a hit): log10 p_adj = min(0, log10 p + log10 N). `related` when the
//     corrected p reaches the decision level (kRelatedLog10P) or the robust statistic is above
//     its floor (no p then). Never a claim of ancestry.
//   - Results are sorted: related first, then by corrected p, then by agreement, then id.
//   - Reads the registry (one Load per compared model, one at a time: the registry is not
//     thread-safe); the full comparisons run on `threads` threads (0 = kDefaultSearchThreads), so
//     memory is up to `threads` fingerprints beside the candidate. OpenBLAS's own threads are
//     held to one during the comparisons (weights/kernels/blas_threads.h): their products are
//     small. Deterministic: the thread count changes nothing but the time.
//   - Why one thread by default: loads take turns on the one connection and each comparison is
//     a few milliseconds of small products per block, so a second thread gains only on idle
//     cores; on the shared 2-core machine at load 4 it lost (METHODS.md §14: 1.2 s wall with one
//     thread, 1.6–1.9 s with two). `--threads N` opts in where cores are free.
#pragma once

#include <cstdint>
#include <vector>

#include "fingerprint/compare.h"
#include "registry/registry.h"

namespace lineage {

inline constexpr unsigned kDefaultSearchThreads = 1;

struct SearchHit {
  RegistryEntry entry;
  double summary_score = 0;
  SketchComparison comparison;
  double log10_p_bonferroni = 0;
  bool related_exact = false, related_robust = false;
  bool related() const { return related_exact || related_robust; }
};

struct SearchResult {
  int64_t registry_size = 0;
  size_t compared = 0;
  std::vector<SearchHit> hits;  // the compared models, sorted
};

Result<SearchResult> SearchRegistry(Registry& registry, const Fingerprint& candidate, size_t top_k,
                                    unsigned threads = 0);

}  // namespace lineage
