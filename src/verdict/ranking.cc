#include "verdict/ranking.h"

#include <algorithm>
#include <cmath>

#include "verdict/ancestry.h"
#include "verdict/decide.h"

namespace lineage {
namespace {

RankedBase Rank(const PairResult& p) {
  RankedBase r;
  r.base = p.base;
  r.verdict = p.verdict;
  r.ancestry = p.ancestry.ancestry;
  r.log10_p_adjusted = p.log10_p_adjusted;
  for (const RobustScore& s : p.robust) {
    if (!r.max_z_adj || s.z_adj > *r.max_z_adj) r.max_z_adj = s.z_adj;
  }
  return r;
}

bool Stronger(const RankedBase& a, const RankedBase& b) {
  const bool da = a.verdict == Verdict::kDerived, db = b.verdict == Verdict::kDerived;
  if (da != db) return da;
  const double pa = a.log10_p_adjusted.value_or(0), pb = b.log10_p_adjusted.value_or(0);
  if (pa != pb) return pa < pb;
  return a.max_z_adj.value_or(-INFINITY) > b.max_z_adj.value_or(-INFINITY);
}

}  // namespace

void RankBases(CompareResult* result) {
  result->ranking.clear();
  for (const PairResult& p : result->results) result->ranking.push_back(Rank(p));
  std::stable_sort(result->ranking.begin(), result->ranking.end(), Stronger);

  std::vector<const RankedBase*> derived;
  for (const RankedBase& r : result->ranking) {
    if (r.verdict == Verdict::kDerived) derived.push_back(&r);
  }
  result->most_related.reset();
  result->parent.reset();
  result->siblings.clear();
  if (derived.empty()) {
    const bool any_checked =
        std::any_of(result->results.begin(), result->results.end(),
                    [](const PairResult& p) { return p.reason != kReasonNoWeightEvidence; });
    result->most_related_reason = any_checked ? kRelatedNone : kRelatedUnchecked;
    result->parent_reason = kParentNoneRelated;
    return;
  }
  result->most_related = derived.front()->base;
  result->most_related_reason = derived.size() == 1 ? kRelatedSingle : kRelatedStrongest;
  result->parent_reason = kParentDirectionUnknown;
  for (const RankedBase* r : derived) {
    if (r->ancestry != Ancestry::kCandidateFromBase) continue;
    result->parent = r->base;
    result->parent_reason = kParentFromAncestry;
    break;
  }
  for (size_t i = 0; i < derived.size(); ++i) {
    for (size_t j = i + 1; j < derived.size(); ++j) {
      result->siblings.push_back({derived[i]->base, derived[j]->base, kSiblingsBothShare});
    }
  }
}

void DecideRelations(CompareResult* result) {
  for (PairResult& p : result->results) DecideAncestry(result->training, &p);
  RankBases(result);
}

}  // namespace lineage
