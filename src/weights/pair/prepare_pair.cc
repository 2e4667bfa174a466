#include "weights/pair/prepare_pair.h"

namespace lineage {

SharedTokenRows CapSharedRows(const SharedTokenRows& s, size_t cap) {
  if (s.size() <= cap) return s;
  SharedTokenRows out;
  out.rows_a.assign(s.rows_a.begin(), s.rows_a.begin() + cap);
  out.rows_b.assign(s.rows_b.begin(), s.rows_b.begin() + cap);
  out.hashes.assign(s.hashes.begin(), s.hashes.begin() + cap);
  for (int32_t k : s.fit_half)
    if (static_cast<size_t>(k) < cap) out.fit_half.push_back(k);
  for (int32_t k : s.score_half)
    if (static_cast<size_t>(k) < cap) out.score_half.push_back(k);
  for (int32_t k : s.probes)
    if (static_cast<size_t>(k) < cap) out.probes.push_back(k);
  out.dropped_out_of_range = s.dropped_out_of_range;
  out.assumed_same_ids = s.assumed_same_ids;
  return out;
}

Status PreparePair(PairState& s) {
  // 16k token pairs fix a d ≤ 16k residual basis with room to spare.
  s.shared = CapSharedRows(s.in.shared, 16384);
  WeightsResult& res = s.result;
  res.h0 = "the candidate and the base were initialised independently";
  res.scope =
      "weights of this candidate against this base only; distillation into a freshly initialised "
      "model and unreleased parents are invisible; a negative is relative to this base and to the "
      "measured power";
  if (s.in.candidate.Keys().empty()) {
    return InvalidArgument("candidate: empty model (no weight tensors)");
  }
  if (s.in.base.Keys().empty()) return InvalidArgument("base: empty model (no weight tensors)");
  res.diagnostics.components_a = s.in.candidate.layout().components;
  res.diagnostics.components_b = s.in.base.layout().components;
  return Status::Ok();
}

}  // namespace lineage
