#include "weights/pair/pair_analysis.h"

#include <utility>

#include "weights/pair/block_loop.h"
#include "weights/pair/block_pairs.h"
#include "weights/pair/block_signatures.h"
#include "weights/pair/budget_gates.h"
#include "weights/pair/exact_identity.h"
#include "weights/pair/pair_state.h"
#include "weights/pair/prepare_pair.h"
#include "weights/pair/residual_alignment.h"
#include "weights/pair/robust_huref.h"
#include "weights/pair/summary.h"

namespace lineage {

Result<WeightsResult> AnalyzeWeights(const WeightSource& cand, const WeightSource& base,
                                     const SharedTokenRows& shared, ThreadPool& pool,
                                     const WeightsOptions& options) {
  struct NamedStage {
    const char* name;  // the stage's timing line
    PairStage run;
    bool reads;  // skipped when the read budget cannot cover the first look (budget_gates.h)
  };
  static constexpr NamedStage kPipeline[] = {
      {"pairing", PreparePair, false},
      {"read budget", PlanBudget, false},
      {"same-role tensors", CompareSameRoleTensors, true},
      {"read-ahead", ReadSignaturesAhead, true},
      {"embedding rows + alignment", AlignResidualStreams, true},
      {"block signatures", ComputeBlockSignatures, true},
      {"block map (all pairs)", MapBlocks, true},
      {"block pairs", ChooseBlockPairs, true},
      {"block tests", TestBlockPairs, true},
      {"S4 HuRef + its panel", RunHuref, true},
      {"summary", Summarize, false},
  };
  PairState state(PairInputs{cand, base, shared, pool, options});
  for (const NamedStage& stage : kPipeline) {
    LINEAGE_RETURN_IF_ERROR(CheckCancel(options.cancel));
    if (stage.reads && state.budget_exhausted) continue;
    LINEAGE_RETURN_IF_ERROR(stage.run(state));
    state.clock.Lap(stage.name);
  }
  return std::move(state.result);
}

}  // namespace lineage
