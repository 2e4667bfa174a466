#include "weights/pair/exact_identity.h"

#include "weights/pair/block_pairs.h"
#include "weights/pair/budget_gates.h"
#include "weights/statistics/derivation.h"
#include "weights/statistics/deterministic_tensor.h"
#include "weights/statistics/per_tensor.h"

namespace lineage {

Status CompareSameRoleTensors(PairState& s) {
  if (!s.in.options.per_tensor) return Status::Ok();
  // Optional under a budget: it never takes the bytes the first look needs.
  SideBytes planned = SameRoleBytes(s.in.candidate, s.in.base);
  planned += FirstLookBytes(s);
  if (!AdmitStage(s, planned, "same_role_tensors", "Same-role tensor identity")) {
    return Status::Ok();
  }
  WeightsResult& res = s.result;
  // Sampled reading compares seeded windows of a few blocks' tensors (METHODS.md §3).
  PerTensorOptions po = ReadsSampled(s.in.candidate, s.in.options.sampling.mode)
                            ? SampledPerTensorOptions()
                            : PerTensorOptions();
  po.copy_checks_only = s.in.options.decision_only;
  LINEAGE_ASSIGN_OR_RETURN(res.tensors, ComparePerTensor(s.in.candidate, s.in.base, s.in.pool, po));
  FillDtypeDiagnostics(s.in.candidate, s.in.base, res.tensors, &res.diagnostics);
  LINEAGE_ASSIGN_OR_RETURN(std::string deterministic,
                           MarkDeterministicTensors(s.in.candidate, &res.tensors));
  if (!deterministic.empty()) res.notes.push_back(std::move(deterministic));
  for (const TensorComparison& t : res.tensors) {
    res.non_finite += static_cast<int64_t>(t.non_finite);
  }
  return Status::Ok();
}

}  // namespace lineage
