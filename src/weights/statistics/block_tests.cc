#include "weights/statistics/block_tests.h"

#include <algorithm>
#include <cmath>

#include "stats/combine.h"
#include "stats/log_p.h"
#include "stats/rng.h"
#include "weights/align/norm_folding.h"
#include "weights/kernels/kernels.h"
#include "weights/statistics/cka.h"

namespace lineage {

Mat RmsNormRows(const Mat& x) {
  Mat out = x;
  for (Eigen::Index i = 0; i < out.rows(); ++i) {
    double ms = out.row(i).squaredNorm() / std::max<Eigen::Index>(1, out.cols());
    if (ms > 0) out.row(i) /= static_cast<float>(std::sqrt(ms + 1e-6));
  }
  return out;
}

namespace {

// Reads, folds and scrubs; `raw_sd` (optional) gets the spread of the stored finite values.
Result<Mat> ReadScrubbed(const WeightSource& src, const TensorKey& key, int64_t* non_finite,
                         double* raw_sd = nullptr) {
  LINEAGE_ASSIGN_OR_RETURN(Mat m, src.Read(key));
  if (raw_sd != nullptr) *raw_sd = FiniteSd(View(m));
  LINEAGE_RETURN_IF_ERROR(FoldStoredNorm(src, key, m));
  *non_finite += ScrubNonFinite(m);
  return m;
}

// [gate·T | up·T] (ungated: [up·T | downᵀ·T]): each unit's two reading rows in the aligned basis,
// after checking that both fit the residual width T reads from.
Result<Mat> AlignedUnitRows(const Mat& g, const Mat& up, const Mat& t, int layer, bool gated) {
  if (g.cols() != t.rows() || up.cols() != t.rows() || g.rows() != up.rows()) {
    return InvalidArgument("block " + std::to_string(layer) + ": " + (gated ? "gate " : "up ") +
                           std::to_string(g.rows()) + "x" + std::to_string(g.cols()) + " and " +
                           (gated ? "up " : "down (transposed) ") + std::to_string(up.rows()) +
                           "x" + std::to_string(up.cols()) + " do not fit the residual width " +
                           std::to_string(t.rows()));
  }
  Mat mlp(g.rows(), 2 * t.cols());
  mlp.leftCols(t.cols()) = ReadThrough(g, t);
  mlp.rightCols(t.cols()) = ReadThrough(up, t);
  return mlp;
}

}  // namespace

std::pair<TensorKey, TensorKey> MlpUnitKeys(const WeightSource& src, int layer, int expert) {
  const TensorKey gk = Key(Role::kGate, layer, expert), uk = Key(Role::kUp, layer, expert);
  if (src.Has(gk)) return {gk, uk};
  return {uk, Key(Role::kDown, layer, expert)};
}

bool HasMlp(const WeightSource& src, int layer, int expert) {
  auto [first, second] = MlpUnitKeys(src, layer, expert);
  return src.Has(first) && src.Has(second);
}

int SignatureExpert(const WeightSource& src, int layer) {
  return HasMlp(src, layer, -1) ? -1 : (HasMlp(src, layer, 0) ? 0 : -1);
}

std::pair<uint64_t, uint64_t> MlpUnitShape(const WeightSource& src, int layer, int expert) {
  if (!HasMlp(src, layer, expert)) return {0, 0};
  return src.Shape(MlpUnitKeys(src, layer, expert).first);
}

Result<BlockUnits> LoadBlockUnits(const WeightSource& src, int layer, int expert,
                                  const ResidualAlignment& align, Side side, const Mat& probes,
                                  const std::vector<int32_t>* response_units, Attention attention) {
  BlockUnits u;
  u.layer = layer;
  u.expert = expert;
  // Gated: rows of gate and up. Ungated (fc1/fc2): rows of fc1 and columns of fc2, so `up` below
  // holds fc2 transposed (h × d) and goes through T like a reading matrix: (Tᵀ D)ᵀ = Dᵀ T.
  const auto [gk, uk] = MlpUnitKeys(src, layer, expert);
  u.gated = gk.role == Role::kGate;
  const bool panel_scales = side == Side::kCandidate && probes.rows() > 0;
  LINEAGE_ASSIGN_OR_RETURN(
      Mat g, ReadScrubbed(src, gk, &u.non_finite, panel_scales ? &u.gate_sd : nullptr));
  LINEAGE_ASSIGN_OR_RETURN(Mat up,
                           ReadScrubbed(src, uk, &u.non_finite, panel_scales ? &u.up_sd : nullptr));
  if (!u.gated) up.transposeInPlace();
  const Mat& t = side == Side::kCandidate ? align.t_a : align.t_b;
  LINEAGE_ASSIGN_OR_RETURN(u.mlp, AlignedUnitRows(g, up, t, layer, u.gated));
  if (probes.rows() > 0 && probes.cols() == g.cols()) {
    if (response_units && !response_units->empty() &&
        static_cast<Eigen::Index>(response_units->size()) < g.rows()) {
      Mat gs(static_cast<Eigen::Index>(response_units->size()), g.cols()), us(gs.rows(), up.cols());
      for (size_t k = 0; k < response_units->size(); ++k) {
        const int32_t r = (*response_units)[k];
        if (r < 0 || r >= g.rows())
          return InvalidArgument("block " + std::to_string(layer) + ": response unit out of range");
        gs.row(k) = g.row(r);
        us.row(k) = up.row(r);
      }
      u.response_units = *response_units;
      u.gate_resp = probes * gs.transpose();
      u.up_resp = probes * us.transpose();
    } else {
      u.gate_resp = probes * g.transpose();
      u.up_resp = probes * up.transpose();
    }
  }
  // Attention belongs to the block, not to an expert: it is read with the block's own MLP.
  if (attention == Attention::kRead && expert == SignatureExpert(src, layer)) {
    const int n_heads = src.layout().num_heads;
    TensorKey qk = Key(Role::kQ, layer), kk = Key(Role::kK, layer);
    if (src.Has(qk)) {
      LINEAGE_ASSIGN_OR_RETURN(Mat q, ReadScrubbed(src, qk, &u.non_finite));
      if (q.cols() == t.rows()) {
        u.q = ReadThrough(q, t);
        if (n_heads > 0 && u.q.rows() % n_heads == 0) {
          const Eigen::Index rows_per_head = u.q.rows() / n_heads;
          // Row-major storage: a head's rows are contiguous, so each head is one flat row.
          u.heads = Eigen::Map<const Mat>(u.q.data(), n_heads, rows_per_head * u.q.cols());
        }
      }
    }
    if (src.Has(kk)) {
      LINEAGE_ASSIGN_OR_RETURN(Mat k, ReadScrubbed(src, kk, &u.non_finite));
      if (k.cols() == t.rows()) u.k = ReadThrough(k, t);
    }
  }
  return u;
}

Result<BlockComparison> CompareBlocks(const BlockUnits& a, const BlockUnits& b,
                                      const BlockTestOptions& options) {
  BlockComparison c;
  c.candidate_layer = a.layer;
  c.base_layer = b.layer;
  if (a.mlp.cols() != b.mlp.cols()) {
    return InvalidArgument("blocks " + std::to_string(a.layer) + " and " + std::to_string(b.layer) +
                           " are not in one common basis");
  }
  UnitIdentityOptions uo;
  uo.seed = options.seed;
  uo.sample_m = options.hit_sample_m;
  uo.run_lap = std::max(a.mlp.rows(), b.mlp.rows()) <= options.lap_max_h;
  uo.null_shuffles = uo.run_lap ? 3 : 0;
  LINEAGE_ASSIGN_OR_RETURN(c.mlp, CompareUnits(View(a.mlp), View(b.mlp), uo));
  if (c.mlp.lap_done) {
    c.log10_p = c.mlp.spearman_log10_p;
    c.primary_test = "unit_identity_lap";
  } else {
    c.log10_p = c.mlp.hit_log10_p;
    c.primary_test = "unit_identity_hits";
  }
  if (options.run_heads && a.heads.rows() >= 2 && a.heads.rows() == b.heads.rows() &&
      a.heads.cols() == b.heads.cols()) {
    UnitIdentityOptions ho = uo;
    ho.run_lap = true;
    ho.null_shuffles = 0;
    LINEAGE_ASSIGN_OR_RETURN(UnitIdentityResult h, CompareUnits(View(a.heads), View(b.heads), ho));
    c.heads = h;
  }
  if (options.run_gate_up && a.gate_resp.rows() > 0 && a.gate_resp.rows() == b.gate_resp.rows()) {
    GateUpOptions go = options.gate_up;
    if (!a.response_units.empty()) {
      go.width_a = a.mlp.rows();
      if (a.response_units != GateUpUnitSample(go.width_a, go)) {
        return InvalidArgument("block " + std::to_string(a.layer) +
                               ": probe responses were computed for a different unit sample");
      }
    }
    LINEAGE_ASSIGN_OR_RETURN(
        GateUpResult g, GateUpConsistency(View(a.gate_resp), View(a.up_resp), View(b.gate_resp),
                                          View(b.up_resp), go));
    c.gate_up = g;
  }
  if (options.run_cka) {
    // Samples are the common residual dims: transpose so rows = dims.
    const int64_t dims = std::max<int64_t>(a.q.cols(), a.k.cols());
    std::vector<int32_t> picked;
    if (options.cka_max_dims > 0 && dims > options.cka_max_dims) {
      picked = Rng(options.seed ^ 0xC4A)
                   .Sample(static_cast<size_t>(dims), static_cast<size_t>(options.cka_max_dims));
    }
    auto cka = [&](const Mat& x, const Mat& y) -> std::optional<double> {
      if (x.size() == 0 || y.size() == 0 || x.cols() != y.cols() || x.cols() < 4) return {};
      Mat xt, yt;
      if (!picked.empty() && x.cols() == dims) {
        xt.resize(static_cast<Eigen::Index>(picked.size()), x.rows());
        yt.resize(static_cast<Eigen::Index>(picked.size()), y.rows());
        for (size_t s = 0; s < picked.size(); ++s) {
          xt.row(s) = x.col(picked[s]).transpose();
          yt.row(s) = y.col(picked[s]).transpose();
        }
        c.cka_dims = static_cast<int64_t>(picked.size());
      } else {
        xt = x.transpose();
        yt = y.transpose();
        c.cka_dims = x.cols();
      }
      c.cka_dims_total = x.cols();
      Result<double> r = UnbiasedCka(View(xt), View(yt));
      if (!r.ok()) return {};
      return *r;
    };
    c.cka_q = cka(a.q, b.q);
    c.cka_k = cka(a.k, b.k);
  }
  return c;
}

std::vector<Finding> BlockFindings(const BlockComparison& c) {
  std::string comp = "block " + std::to_string(c.candidate_layer);
  if (c.base_layer != c.candidate_layer) comp += " ~ base block " + std::to_string(c.base_layer);
  std::vector<Finding> out = UnitIdentityFindings(c.mlp, comp);
  if (c.heads) {
    for (Finding f : UnitIdentityFindings(*c.heads, comp)) {
      f.test += "_heads";
      f.decisive = false;  // secondary units: whole-head permutation is a symmetry
      out.push_back(f);
    }
  }
  auto add_cka = [&](const std::optional<double>& v, const char* test) {
    if (!v) return;
    Finding f;
    f.analysis = "weights";
    f.test = test;
    f.component = comp;
    f.statistic = "cka_unbiased";
    f.value = *v;
    NullModel n;
    n.kind = "calibrated-panel";
    n.description =
        "AWM: 0.375% +- 0.28% over 90 independent 7B/13B pairs (paper); not "
        "recalibrated for this family";
    if (c.cka_dims < c.cka_dims_total) {
      f.note = "computed on a seeded sample of " + std::to_string(c.cka_dims) + " of " +
               std::to_string(c.cka_dims_total) + " common residual dims (unbiased HSIC)";
    }
    n.mean = 0.00375;
    n.sd = 0.0028;
    f.null = n;
    f.approximate = true;
    f.direction = *v > 0.5 ? Direction::kForDerivation : Direction::kNeutral;
    out.push_back(f);
  };
  add_cka(c.cka_q, "cka_q");
  add_cka(c.cka_k, "cka_k");
  return out;
}

}  // namespace lineage
