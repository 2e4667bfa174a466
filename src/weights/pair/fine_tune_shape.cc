#include "weights/pair/fine_tune_shape.h"

#include <string>
#include <utility>

#include "weights/pair/block_signatures.h"
#include "weights/source/weight_source.h"
#include "weights/statistics/derivation.h"

namespace lineage {

void AddFineTuneShape(PairState& s, int i, int j) {
  DerivationDiagnostics& diag = s.result.diagnostics;
  const WeightSource &cand = s.in.candidate, &base = s.in.base;
  if (s.result.alignment.kind != AlignmentKind::kIdentity || SignatureExpert(cand, i) >= 0 ||
      diag.low_rank.size() >= 4) {
    return;
  }
  const TensorKey ka = MlpUnitKeys(cand, i, -1).first, kb = MlpUnitKeys(base, j, -1).first;
  Result<Mat> ga = cand.Read(ka), gb = base.Read(kb);
  if (ka.role == kb.role && ga.ok() && gb.ok() && AllFinite(*ga) && AllFinite(*gb)) {
    diag.low_rank.push_back(LowRankDelta(std::move(ga).value(), *gb,
                                         "block " + std::to_string(i) + " " + RoleName(ka.role),
                                         s.in.options.seed));
  }
}

}  // namespace lineage
