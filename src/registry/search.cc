#include "registry/search.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>

#include "stats/combine.h"
#include "util/thread_pool.h"
#include "weights/kernels/blas_threads.h"

namespace lineage {
namespace {

// The registry's models by summary score, best first (ties to the lower id), at most top_k.
Result<std::vector<std::pair<double, int64_t>>> Prefilter(Registry& registry,
                                                          const Fingerprint& candidate,
                                                          size_t top_k) {
  LINEAGE_ASSIGN_OR_RETURN(auto summaries, registry.Summaries());
  const ModelSummary mine = SummarizeFingerprint(candidate);
  std::vector<std::pair<double, int64_t>> ranked;
  ranked.reserve(summaries.size());
  for (const auto& [id, s] : summaries) ranked.emplace_back(SummaryScore(mine, s), id);
  auto better = [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  const size_t k = std::min(top_k, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(k), ranked.end(),
                    better);
  ranked.resize(k);
  return ranked;
}

void Judge(SketchComparison c, double registry_size, SearchHit* h) {
  h->log10_p_bonferroni = BonferroniLog10(c.hits_log10_p, registry_size);
  h->related_exact = RelatedExact(c, kRelatedLog10P - std::log10(registry_size));
  h->related_robust = RelatedRobust(c);
  h->comparison = std::move(c);
}

bool HitOrder(const SearchHit& a, const SearchHit& b) {
  if (a.related() != b.related()) return a.related();
  if (a.log10_p_bonferroni != b.log10_p_bonferroni)
    return a.log10_p_bonferroni < b.log10_p_bonferroni;
  if (a.comparison.mean_agreement != b.comparison.mean_agreement)
    return a.comparison.mean_agreement > b.comparison.mean_agreement;
  return a.entry.id < b.entry.id;
}

}  // namespace

Result<SearchResult> SearchRegistry(Registry& registry, const Fingerprint& candidate, size_t top_k,
                                    unsigned threads) {
  SearchResult out;
  LINEAGE_ASSIGN_OR_RETURN(out.registry_size, registry.Count());
  LINEAGE_ASSIGN_OR_RETURN(auto ranked, Prefilter(registry, candidate, top_k));
  if (ranked.empty()) return out;
  LINEAGE_ASSIGN_OR_RETURN(std::vector<RegistryEntry> entries, registry.List());
  std::map<int64_t, RegistryEntry> by_id;
  for (RegistryEntry& e : entries) by_id[e.id] = std::move(e);
  const double n = static_cast<double>(std::max<int64_t>(1, out.registry_size));
  // The registry's connection is one thread's: loads take turns, comparisons run side by side,
  // so at most `threads` full fingerprints are held beside the candidate.
  std::mutex load_mu;
  out.hits.resize(ranked.size());
  for (size_t i = 0; i < ranked.size(); ++i) {
    out.hits[i].entry = by_id[ranked[i].second];
    out.hits[i].summary_score = ranked[i].first;
  }
  const BlasThreadLimit one_blas_thread(1);
  ThreadPool pool(std::min<unsigned>(threads == 0 ? kDefaultSearchThreads : threads,
                                     static_cast<unsigned>(ranked.size())));
  LINEAGE_RETURN_IF_ERROR(ParallelFor(pool, ranked.size(), [&](size_t i) -> Status {
    Result<Fingerprint> fp = [&] {
      std::lock_guard<std::mutex> lock(load_mu);
      return registry.Load(ranked[i].second);
    }();
    if (!fp.ok()) return fp.status();
    SketchCompareOptions options;
    options.context_alignment = false;  // never reported by a search
    LINEAGE_ASSIGN_OR_RETURN(SketchComparison c, CompareFingerprints(candidate, *fp, options));
    Judge(std::move(c), n, &out.hits[i]);
    return Status::Ok();
  }));
  out.compared = out.hits.size();
  std::sort(out.hits.begin(), out.hits.end(), HitOrder);
  return out;
}

}  // namespace lineage
