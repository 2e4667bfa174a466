#include "weights/pair/block_identity.h"

#include <algorithm>

#include "stats/combine.h"

namespace lineage {

namespace {

// Every expert of candidate block br.candidate against the dense base MLP: upcycled experts hit
// the identity.
void CompareExperts(PairState& s, const BlockUnits& ub, BlockResult& br) {
  const BlockTestOptions& bo = s.block_options;
  const int i = br.candidate;
  const Mat no_probes;
  double best = 0;
  for (int e = 0; e < s.in.candidate.layout().num_experts; ++e) {
    Result<BlockUnits> ue = LoadBlockUnits(s.in.candidate, i, e, s.result.alignment,
                                           Side::kCandidate, no_probes, nullptr, Attention::kSkip);
    if (!ue.ok()) continue;
    UnitIdentityOptions uo;
    uo.seed = bo.seed;
    uo.null_shuffles = 0;
    uo.run_lap = std::max(ue->mlp.rows(), ub.mlp.rows()) <= bo.lap_max_h;
    Result<UnitIdentityResult> r = CompareUnits(View(ue->mlp), View(ub.mlp), uo);
    if (!r.ok()) continue;
    ExpertMatch em{i, e, PrimaryLog10P(*r), r->spearman_r, r->matched_cosine};
    br.experts.push_back(em);
    s.result.diagnostics.expert_map.push_back(em);
    best = std::min(best, em.log10_p);
  }
  if (!br.experts.empty()) {
    br.test.log10_p = BonferroniLog10(best, static_cast<double>(br.experts.size()));
    br.test.primary_test = "unit_identity_experts";
  }
}

}  // namespace

Status TestBlockIdentity(PairState& s, const BlockUnits& ua, const BlockUnits& ub,
                         BlockResult& br) {
  LINEAGE_ASSIGN_OR_RETURN(br.test, CompareBlocks(ua, ub, s.block_options));
  if (s.moe_vs_dense) CompareExperts(s, ub, br);
  if (br.test.gate_up) {
    const GateUpResult& g = *br.test.gate_up;
    br.gate_up_agreement = g.agreement;
    s.agreements.push_back(g.agreement);
    if (g.sampled) s.s2_sample = {g.units_tested, std::max(s.s2_sample.second, g.h_a)};
  }
  return Status::Ok();
}

}  // namespace lineage
