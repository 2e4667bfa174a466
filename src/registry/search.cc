#include "registry/search.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "stats/combine.h"

namespace lineage {

Result<SearchResult> SearchRegistry(Registry& registry, const Fingerprint& candidate,
                                    size_t top_k) {
  SearchResult out;
  LINEAGE_ASSIGN_OR_RETURN(out.registry_size, registry.Count());
  LINEAGE_ASSIGN_OR_RETURN(auto summaries, registry.Summaries());
  const ModelSummary mine = SummarizeFingerprint(candidate);
  std::vector<std::pair<double, int64_t>> ranked;
  for (const auto& [id, s] : summaries) ranked.emplace_back(SummaryScore(mine, s), id);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (ranked.size() > top_k) ranked.resize(top_k);
  LINEAGE_ASSIGN_OR_RETURN(std::vector<RegistryEntry> entries, registry.List());
  std::map<int64_t, RegistryEntry> by_id;
  for (RegistryEntry& e : entries) by_id[e.id] = std::move(e);
  const double n = static_cast<double>(std::max<int64_t>(1, out.registry_size));
  for (const auto& [score, id] : ranked) {
    LINEAGE_ASSIGN_OR_RETURN(Fingerprint fp, registry.Load(id));
    LINEAGE_ASSIGN_OR_RETURN(SketchComparison c, CompareFingerprints(candidate, fp));
    SearchHit h;
    h.entry = by_id[id];
    h.summary_score = score;
    h.log10_p_bonferroni = BonferroniLog10(c.hits_log10_p, n);
    h.related_exact = RelatedExact(c, kRelatedLog10P - std::log10(n));
    h.related_robust = RelatedRobust(c);
    h.comparison = std::move(c);
    out.hits.push_back(std::move(h));
  }
  out.compared = out.hits.size();
  std::sort(out.hits.begin(), out.hits.end(), [](const SearchHit& a, const SearchHit& b) {
    if (a.related() != b.related()) return a.related();
    if (a.log10_p_bonferroni != b.log10_p_bonferroni)
      return a.log10_p_bonferroni < b.log10_p_bonferroni;
    if (a.comparison.mean_agreement != b.comparison.mean_agreement)
      return a.comparison.mean_agreement > b.comparison.mean_agreement;
    return a.entry.id < b.entry.id;
  });
  return out;
}

}  // namespace lineage
