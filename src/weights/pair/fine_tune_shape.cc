#include "weights/pair/power_controls.h"

#include <algorithm>
#include <string>
#include <vector>

#include "stats/rng.h"
#include "weights/kernels/kernels.h"
#include "weights/pair/block_signatures.h"
#include "weights/source/weight_source.h"
#include "weights/statistics/derivation.h"

namespace lineage {

Status RunPowerControls(PairState& s, const BlockUnits& ub, size_t pi) {
  const WeightsOptions& options = s.in.options;
  const BlockTestOptions& bo = s.block_options;
  const double sd = options.control_noise * FiniteSd(View(ub.mlp));
  UnitIdentityOptions uo;
  uo.seed = bo.seed;
  uo.sample_m = bo.hit_sample_m;
  uo.null_shuffles = 0;
  uo.run_lap = ub.mlp.rows() <= bo.lap_max_h;
  const int controls = options.power_controls;
  auto control_rng = [&](int c) {
    return Rng(options.seed ^ 0xC0117).Fork(static_cast<uint64_t>(c) * 1000003 + pi);
  };
  std::vector<UnitIdentityResult> cr(static_cast<size_t>(std::max(0, controls)));
  if (uo.run_lap) {
    LINEAGE_RETURN_IF_ERROR(ParallelFor(s.in.pool, cr.size(), [&](size_t c) -> Status {
      Rng rng = control_rng(static_cast<int>(c));
      Mat ctrl = ub.mlp + Gaussian(ub.mlp.rows(), ub.mlp.cols(), sd, rng);
      LINEAGE_ASSIGN_OR_RETURN(cr[c], CompareUnits(View(ctrl), View(ub.mlp), uo));
      return Status::Ok();
    }));
  } else if (controls > 0) {
    // Wide blocks run the hit count only, which reads the sampled rows: noise just those, all
    // controls stacked against the base block in one product.
    const std::vector<int32_t> rows = HitSampleRows(ub.mlp.rows(), uo);
    const Eigen::Index m = static_cast<Eigen::Index>(rows.size());
    Mat stacked(m * controls, ub.mlp.cols());
    LINEAGE_RETURN_IF_ERROR(ParallelFor(s.in.pool, cr.size(), [&](size_t c) -> Status {
      Rng rng = control_rng(static_cast<int>(c));
      auto block = stacked.middleRows(static_cast<Eigen::Index>(c) * m, m);
      block = SelectRows(ub.mlp, rows);
      block += Gaussian(m, ub.mlp.cols(), sd, rng);
      return Status::Ok();
    }));
    LINEAGE_ASSIGN_OR_RETURN(cr, CountHitsEach(View(stacked), cr.size(), rows, View(ub.mlp)));
  }
  for (size_t c = 0; c < cr.size(); ++c) s.control_by_seed[c].push_back(PrimaryLog10P(cr[c]));
  return Status::Ok();
}

void AddFineTuneShape(PairState& s, int i, int j) {
  DerivationDiagnostics& diag = s.result.diagnostics;
  const WeightSource &cand = s.in.candidate, &base = s.in.base;
  if (s.result.alignment.kind != AlignmentKind::kIdentity || SignatureExpert(cand, i) >= 0 ||
      diag.low_rank.size() >= 4) {
    return;
  }
  const TensorKey ka = MlpUnitKeys(cand, i, -1).first, kb = MlpUnitKeys(base, j, -1).first;
  Result<Mat> ga = cand.Read(ka), gb = base.Read(kb);
  if (ka.role == kb.role && ga.ok() && gb.ok() && ga->allFinite() && gb->allFinite()) {
    diag.low_rank.push_back(LowRankDelta(
        *ga, *gb, "block " + std::to_string(i) + " " + RoleName(ka.role), s.in.options.seed));
  }
}

}  // namespace lineage
