#include "weights/pair/s2_panel.h"

#include <vector>

#include "stats/rng.h"
#include "util/cancel.h"
#include "weights/kernels/blas_threads.h"
#include "weights/source/weight_source.h"
#include "weights/statistics/probe_row_space.h"

namespace lineage {

Status RunS2Panel(PairState& s, const BlockUnits& ua, const BlockUnits& ub, BlockResult& br) {
  const Mat& probes = s.probes_a;
  if (ub.gate_resp.rows() == 0 || ua.gate_resp.rows() == 0 || probes.rows() == 0) {
    return Status::Ok();
  }
  // The unit's two matrices are gate and up, or fc1 and fc2 (ungated); their spreads were
  // measured while loading the candidate block.
  const double sg = ua.gate_sd, su = ua.up_sd;
  GateUpOptions go = s.block_options.gate_up;
  go.width_a = ua.units;
  const Eigen::Index units = static_cast<Eigen::Index>(GateUpUnitSample(go.width_a, go).size());
  if (s.probes_a_rt.rows() == 0) s.probes_a_rt = ProbesRowSpaceFactor(probes);
  const Mat& rt = s.probes_a_rt;
  const Eigen::Index cols = rt.cols();
  const int n = s.in.options.panel_size;
  // The base side is z-scored once for every replica.
  LINEAGE_ASSIGN_OR_RETURN(GateUpSide bside,
                           PrepareGateUpSide(View(ub.gate_resp), View(ub.up_resp)));
  std::vector<Mat> g0(n), u0(n);
  for (int r = 0; r < n; ++r) {
    g0[r] = Gaussian(units, cols, sg, s.panel_rng);
    u0[r] = Gaussian(units, cols, su, s.panel_rng);
  }
  std::vector<double> agreement(n, 0.0);
  const BlasThreadLimit one_blas_thread(1, s.in.pool.size() > 1);
  LINEAGE_RETURN_IF_ERROR(ParallelFor(s.in.pool, g0.size(), [&](size_t r) -> Status {
    LINEAGE_RETURN_IF_ERROR(CheckCancel(s.in.options.cancel));
    Mat rg = rt * g0[r].transpose(), ru = rt * u0[r].transpose();
    LINEAGE_ASSIGN_OR_RETURN(GateUpResult gr, GateUpConsistency(View(rg), View(ru), bside, go));
    agreement[r] = gr.agreement;
    return Status::Ok();
  }));
  for (int r = 0; r < n; ++r) {
    s.panel_by_replica[r].push_back(agreement[r]);
    br.gate_up_panel.push_back(agreement[r]);
  }
  return Status::Ok();
}

}  // namespace lineage
