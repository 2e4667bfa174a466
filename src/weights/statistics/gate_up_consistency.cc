#include "weights/statistics/gate_up_consistency.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "stats/rng.h"
#include "stats/unit_tests.h"
#include "weights/align/lap.h"
#include "weights/kernels/kernels.h"
#include "weights/statistics/findings.h"

namespace lineage {

MatrixF ZScoreColumns(MatrixView m) {
  // Row-major sweeps: every pass walks rows in order and keeps one accumulator per column, so
  // each column is summed in the same row order as a column walk (same results) while memory is
  // read contiguously instead of with a stride of m.cols floats.
  MatrixF out(m.rows, m.cols);
  if (m.rows == 0 || m.cols == 0) return out;
  std::vector<double> mean(m.cols, 0.0), ss(m.cols, 0.0);
  for (size_t i = 0; i < m.rows; ++i) {
    const float* row = m.data + i * m.cols;
    for (size_t j = 0; j < m.cols; ++j) mean[j] += row[j];
  }
  for (double& v : mean) v /= static_cast<double>(m.rows);
  for (size_t i = 0; i < m.rows; ++i) {
    const float* row = m.data + i * m.cols;
    for (size_t j = 0; j < m.cols; ++j) {
      const double d = row[j] - mean[j];
      ss[j] += d * d;
    }
  }
  std::vector<double> inv(m.cols);
  for (size_t j = 0; j < m.cols; ++j) {
    const double sd = std::sqrt(ss[j] / static_cast<double>(m.rows));
    inv[j] = sd > 0 ? 1.0 / sd : 0.0;
  }
  for (size_t i = 0; i < m.rows; ++i) {
    const float* row = m.data + i * m.cols;
    float* dst = out.row(i).data();
    for (size_t j = 0; j < m.cols; ++j) dst[j] = static_cast<float>((row[j] - mean[j]) * inv[j]);
  }
  return out;
}

namespace {

Status CheckResponses(MatrixView m, const char* which, size_t n) {
  if (m.rows != n)
    return InvalidArgument(fmt::format("gate/up: {} has {} probes, expected {}", which, m.rows, n));
  for (size_t i = 0; i < m.size(); ++i) {
    if (!std::isfinite(m.data[i]))
      return InvalidArgument(fmt::format("gate/up: {} has a non-finite response", which));
  }
  return Status::Ok();
}

// Correlation of every column of A with every column of B (h_a × h_b), from z-scored columns.
Result<MatrixF> ZCorrelation(const MatrixF& za, const MatrixF& zb) {
  LINEAGE_ASSIGN_OR_RETURN(MatrixF c, MatMul(za.view(), zb.view(), true, false));
  const float inv_n = 1.0f / static_cast<float>(za.rows);
  for (float& x : c.data) x *= inv_n;
  return c;
}

// The listed columns of m (N × cols), in order.
MatrixF SelectColumns(MatrixView m, const std::vector<int32_t>& cols) {
  MatrixF out(m.rows, cols.size());
  for (size_t i = 0; i < m.rows; ++i) {
    for (size_t k = 0; k < cols.size(); ++k) out.at(i, k) = m.data[i * m.cols + cols[k]];
  }
  return out;
}

}  // namespace

std::vector<int32_t> GateUpUnitSample(int64_t h_a, const GateUpOptions& options) {
  const size_t h = static_cast<size_t>(std::max<int64_t>(0, h_a));
  if (options.max_units <= 0 || h <= static_cast<size_t>(options.max_units)) {
    std::vector<int32_t> all(h);
    for (size_t i = 0; i < h; ++i) all[i] = static_cast<int32_t>(i);
    return all;
  }
  return Rng(options.seed).Sample(h, static_cast<size_t>(options.max_units));
}

Result<GateUpSide> PrepareGateUpSide(MatrixView gate, MatrixView up) {
  if (gate.rows < 3) return InvalidArgument("gate/up: need at least 3 probes");
  LINEAGE_RETURN_IF_ERROR(CheckResponses(gate, "gate_b", gate.rows));
  LINEAGE_RETURN_IF_ERROR(CheckResponses(up, "up_b", gate.rows));
  if (gate.cols != up.cols)
    return InvalidArgument("gate/up: gate and up widths differ within a model");
  if (gate.cols == 0) return InvalidArgument("gate/up: zero-width MLP");
  GateUpSide side;
  side.gate_z = ZScoreColumns(gate);
  side.up_z = ZScoreColumns(up);
  return side;
}

Result<GateUpResult> GateUpConsistency(MatrixView gate_a, MatrixView up_a, MatrixView gate_b,
                                       MatrixView up_b, const GateUpOptions& options) {
  if (gate_a.rows < 3) return InvalidArgument("gate/up: need at least 3 probes");
  LINEAGE_RETURN_IF_ERROR(CheckResponses(up_a, "up_a", gate_a.rows));
  LINEAGE_RETURN_IF_ERROR(CheckResponses(gate_a, "gate_a", gate_a.rows));
  LINEAGE_RETURN_IF_ERROR(CheckResponses(gate_b, "gate_b", gate_a.rows));
  LINEAGE_ASSIGN_OR_RETURN(GateUpSide b, PrepareGateUpSide(gate_b, up_b));
  return GateUpConsistency(gate_a, up_a, b, options);
}

Result<GateUpResult> GateUpConsistency(MatrixView gate_a, MatrixView up_a, const GateUpSide& b,
                                       const GateUpOptions& options) {
  const size_t n = gate_a.rows;
  if (n < 3) return InvalidArgument("gate/up: need at least 3 probes");
  LINEAGE_RETURN_IF_ERROR(CheckResponses(up_a, "up_a", n));
  LINEAGE_RETURN_IF_ERROR(CheckResponses(gate_a, "gate_a", n));
  if (b.gate_z.rows != n || b.up_z.rows != n) {
    return InvalidArgument(
        fmt::format("gate/up: gate_b has {} probes, expected {}", b.gate_z.rows, n));
  }
  if (gate_a.cols != up_a.cols) {
    return InvalidArgument("gate/up: gate and up widths differ within a model");
  }
  if (gate_a.cols == 0 || b.gate_z.cols == 0) return InvalidArgument("gate/up: zero-width MLP");
  GateUpResult r;
  r.h_a = options.width_a > 0 ? options.width_a : static_cast<int64_t>(gate_a.cols);
  r.unit_sample = GateUpUnitSample(r.h_a, options);
  r.sampled = static_cast<int64_t>(r.unit_sample.size()) < r.h_a;
  if (options.width_a > 0 && r.unit_sample.size() != gate_a.cols) {
    return InvalidArgument(
        fmt::format("gate/up: {} sampled response columns, expected {} of {} units", gate_a.cols,
                    r.unit_sample.size(), r.h_a));
  }
  MatrixF sample_gate, sample_up;
  if (r.sampled && options.width_a == 0) {
    sample_gate = SelectColumns(gate_a, r.unit_sample);
    sample_up = SelectColumns(up_a, r.unit_sample);
    gate_a = sample_gate.view();
    up_a = sample_up.view();
  }
  LINEAGE_ASSIGN_OR_RETURN(MatrixF cg, ZCorrelation(ZScoreColumns(gate_a), b.gate_z));
  LINEAGE_ASSIGN_OR_RETURN(MatrixF cu, ZCorrelation(ZScoreColumns(up_a), b.up_z));
  // Up rows may flip sign together with their down columns: match on |correlation|.
  for (float& x : cu.data) x = std::fabs(x);
  LINEAGE_ASSIGN_OR_RETURN(Assignment by_gate, SolveLap(cg.view(), Objective::kMaximize));
  LINEAGE_ASSIGN_OR_RETURN(Assignment by_up, SolveLap(cu.view(), Objective::kMaximize));

  r.n_probes = static_cast<int64_t>(n);
  r.units_tested = static_cast<int64_t>(gate_a.cols);
  r.h_b = static_cast<int64_t>(b.gate_z.cols);
  r.chance_agreement = 1.0 / static_cast<double>(std::max(r.h_a, r.h_b));
  int64_t agree = 0;
  std::vector<int32_t> xs, ys;
  for (size_t i = 0; i < gate_a.cols; ++i) {
    const int32_t g = by_gate.row_to_col[i], u = by_up.row_to_col[i];
    if (g >= 0 && g == u) ++agree;
    if (g >= 0 && u >= 0) {
      xs.push_back(g);
      ys.push_back(u);
    }
  }
  r.agreement = static_cast<double>(agree) / static_cast<double>(r.units_tested);
  r.spearman = SpearmanOfPairs(xs, ys);
  r.match_gate = std::move(by_gate.row_to_col);
  r.match_up = std::move(by_up.row_to_col);
  return r;
}

std::vector<Finding> GateUpFindings(const GateUpResult& r, std::span<const double> panel,
                                    const std::string& component) {
  Finding f = WeightsFinding("gate_up_consistency", component, "agreement", r.agreement);
  f.approximate = true;
  f.decisive = true;  // may decide only through a panel z (METHODS §10); without one it has no p
  NullModel null;
  null.kind = "calibrated-panel";
  null.mean = r.chance_agreement;
  f.note = fmt::format(
      "gate/up matchings agree on {:.4f} of {} units{} (chance {:.2e}); Spearman of the matchings "
      "{:.4f}; calibrated, not exact",
      r.agreement, r.units_tested,
      r.sampled
          ? fmt::format(
                " (a fixed seeded sample of the {} units, each matched against all {} base units)",
                r.h_a, r.h_b)
          : "",
      r.chance_agreement, r.spearman);
  auto cal = CalibrateAgainstPanel(r.agreement, panel);
  if (cal.ok()) {
    f.z = cal->z_adj;
    f.log10_p = cal->log10_p_t;
    null.mean = cal->panel_mean;
    null.sd = cal->panel_sd;
    null.samples = cal->panel_size;
    null.description = fmt::format(
        "agreement of {} known-independent pairs; t tail with {} df{}", cal->panel_size,
        cal->panel_size - 1,
        cal->extrapolated ? " (beyond every panel value: fitted-tail extrapolation)" : "");
    f.direction = cal->z_adj > 10 ? Direction::kForDerivation : Direction::kNeutral;
    f.note += fmt::format("; empirical tail fraction {:.3g}", cal->tail_fraction);
  } else {
    null.description = "no null panel supplied: " + cal.status().message() + "; chance level shown";
    f.decisive = false;
  }
  f.null = null;
  return {f};
}

}  // namespace lineage
