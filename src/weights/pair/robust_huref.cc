#include "weights/pair/robust_huref.h"

#include <utility>
#include <vector>

#include "weights/pair/budget_gates.h"
#include "weights/statistics/huref.h"

namespace lineage {

Status RunHuref(PairState& s) {
  if (s.huref_done) return Status::Ok();
  if (s.in.options.decision_only && !kHurefDecides) return Status::Ok();
  if (!s.token_probes || s.probes_a.rows() == 0 || s.probes_b.rows() == 0) return Status::Ok();
  if (!AdmitStage(s, HurefBytes(s), "huref", "S4 (HuRef) invariants")) return Status::Ok();
  std::vector<std::pair<int, int>> huref_pairs;
  for (size_t pi : s.robust_idx) huref_pairs.push_back(s.pairs[pi]);
  HurefPairOptions ho;
  ho.seed = s.in.options.seed ^ 0x4E5F;
  ho.panel_size = s.in.options.panel_size;
  ho.cancel = s.in.options.cancel;
  Result<HurefPairResult> h = CompareHurefPair(s.in.candidate, s.in.base, huref_pairs, s.probes_a,
                                               s.probes_b, s.in.pool, ho);
  if (h.ok()) {
    s.result.huref = std::move(h).value();
  } else if (h.status().code() == Status::Code::kCancelled) {
    return h.status();
  } else {
    s.result.notes.push_back("S4 (HuRef) not run: " + h.status().message());
  }
  return Status::Ok();
}

}  // namespace lineage
