#include "weights/pair_analysis.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>

#include "stats/combine.h"
#include "stats/log_p.h"
#include "stats/panel.h"
#include "stats/rng.h"
#include "util/progress.h"
#include "weights/kernels.h"

namespace lineage {

namespace {

// Wall-clock seconds per stage on stderr when enabled: Lap() closes the stage since the last
// lap; Add() accumulates the sub-stages that interleave inside the block loop.
class StageClock {
 public:
  using Clock = std::chrono::steady_clock;
  explicit StageClock(bool on) : on_(on), last_(Clock::now()) {}
  void Lap(const char* stage) {
    const Clock::time_point now = Clock::now();
    if (on_) std::fprintf(stderr, "weights timing: %-34s %8.2f s\n", stage, Seconds(last_, now));
    last_ = now;
  }
  void Add(size_t slot, Clock::time_point since) { acc_[slot] += Seconds(since, Clock::now()); }
  void Report(size_t slot, const char* what) const {
    if (on_) std::fprintf(stderr, "weights timing:   of which %-25s %8.2f s\n", what, acc_[slot]);
  }

 private:
  static double Seconds(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  }
  bool on_;
  Clock::time_point last_;
  double acc_[4] = {};
};

// The exact statistic of a unit comparison: LAP Spearman when it ran, else the hit count.
double PrimaryLog10P(const UnitIdentityResult& r) {
  return r.lap_done ? r.spearman_log10_p : r.hit_log10_p;
}

// Evenly spaced subset of at most k indices of [0, n).
std::vector<size_t> Spread(size_t n, size_t k) {
  std::vector<size_t> out;
  if (n == 0 || k == 0) return out;
  if (n <= k) {
    for (size_t i = 0; i < n; ++i) out.push_back(i);
    return out;
  }
  for (size_t i = 0; i < k; ++i) out.push_back(i * n / k);
  return out;
}

// MoE candidate against a dense base: block units of one expert at a time.
int SignatureExpert(const WeightSource& cand, int layer) {
  return HasMlp(cand, layer, -1) ? -1 : (HasMlp(cand, layer, 0) ? 0 : -1);
}

// The first `cap` shared pairs in hash order (a deterministic, weight-independent subset), with
// halves and probes recomputed over it: alignment memory is cap × d, not vocabulary × d.
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

}  // namespace

Result<WeightsResult> AnalyzeWeights(const WeightSource& cand, const WeightSource& base,
                                     const SharedTokenRows& all_shared, ThreadPool& pool,
                                     const WeightsOptions& options) {
  // 16k token pairs fix a d ≤ 16k residual basis with room to spare.
  StageClock clock(options.timings);
  const SharedTokenRows shared = CapSharedRows(all_shared, 16384);
  WeightsResult res;
  res.h0 = "the candidate and the base were initialised independently";
  res.scope =
      "weights of this candidate against this base only; distillation into a freshly initialised "
      "model and unreleased parents are invisible; a negative is relative to this base and to the "
      "measured power";
  if (cand.Keys().empty()) return InvalidArgument("candidate: empty model (no weight tensors)");
  if (base.Keys().empty()) return InvalidArgument("base: empty model (no weight tensors)");
  const WeightLayout& la = cand.layout();
  const WeightLayout& lb = base.layout();
  DerivationDiagnostics& diag = res.diagnostics;
  diag.components_a = la.components;
  diag.components_b = lb.components;

  // 1. Same-role tensors.
  if (options.per_tensor) {
    LINEAGE_ASSIGN_OR_RETURN(res.tensors, ComparePerTensor(cand, base, pool, PerTensorOptions()));
    FillDtypeDiagnostics(cand, base, res.tensors, &diag);
    for (const TensorComparison& t : res.tensors)
      res.non_finite += static_cast<int64_t>(t.non_finite);
  }

  clock.Lap("same-role tensors");
  // 2. Residual alignment through the shared-token embeddings.
  const TensorKey ek = Key(Role::kEmbed);
  const bool has_embed = cand.Has(ek) && base.Has(ek);
  int64_t da = 0, db = 0;
  if (has_embed) {
    diag.vocab_rows_a = static_cast<int64_t>(cand.Shape(ek).first);
    diag.vocab_rows_b = static_cast<int64_t>(base.Shape(ek).first);
    da = static_cast<int64_t>(cand.Shape(ek).second);
    db = static_cast<int64_t>(base.Shape(ek).second);
  } else {
    // Fall back to the reading width of block 0's MLP (gate, or fc1 when ungated).
    da = static_cast<int64_t>(MlpUnitShape(cand, 0, SignatureExpert(cand, 0)).second);
    db = static_cast<int64_t>(MlpUnitShape(base, 0, -1).second);
  }
  diag.residual_a = da;
  diag.residual_b = db;
  if (da == 0 || db == 0) {
    return InvalidArgument(
        "no embedding and no block-0 MLP in one of the models: nothing to compare");
  }
  int64_t same_ids = 0;
  for (size_t k = 0; k < shared.size(); ++k) same_ids += shared.rows_a[k] == shared.rows_b[k];
  diag.same_id_fraction = shared.size() ? double(same_ids) / shared.size() : 0;
  if (shared.assumed_same_ids) {
    res.notes.push_back("no tokenizer: embedding rows paired by id (assumed shared vocabulary)");
  }

  Mat emb_a, emb_b, probes_a, probes_b;
  if (has_embed && shared.size() > 0) {
    std::vector<int64_t> ra(shared.rows_a.begin(), shared.rows_a.end());
    std::vector<int64_t> rb(shared.rows_b.begin(), shared.rows_b.end());
    LINEAGE_ASSIGN_OR_RETURN(emb_a, cand.ReadRows(ek, ra));
    LINEAGE_ASSIGN_OR_RETURN(emb_b, base.ReadRows(ek, rb));
    int64_t bad = ScrubNonFinite(emb_a) + ScrubNonFinite(emb_b);
    if (bad) {
      res.non_finite += bad;
      res.notes.push_back(std::to_string(bad) + " NaN/Inf embedding values zeroed");
    }
    std::vector<int32_t> s2_probes = shared.probes;
    if (options.s2_probes > 0 && s2_probes.size() > static_cast<size_t>(options.s2_probes)) {
      s2_probes.resize(static_cast<size_t>(options.s2_probes));
      res.notes.push_back("S2 probe responses use the first " + std::to_string(options.s2_probes) +
                          " of " + std::to_string(shared.probes.size()) +
                          " probe tokens (hash order, independent of the weights)");
    }
    probes_a = RmsNormRows(SelectRows(emb_a, s2_probes));
    probes_b = RmsNormRows(SelectRows(emb_b, s2_probes));
  }
  if (has_embed && shared.size() > 0) {
    AlignmentOptions ao;
    ao.seed = options.seed;
    LINEAGE_ASSIGN_OR_RETURN(res.alignment,
                             AlignResidual(std::move(emb_a), std::move(emb_b), shared, ao));
  } else {
    if (da != db) {
      return InvalidArgument("residual widths " + std::to_string(da) + " and " +
                             std::to_string(db) +
                             " differ and there are no shared tokens to align them through");
    }
    res.alignment = IdentityAlignment(da, has_embed ? "no shared tokens: identity basis assumed"
                                                    : "no embeddings: identity basis assumed");
    if (has_embed) {
      res.notes.push_back(res.alignment.note +
                          "; residual camouflage (permutation, rotation) cannot be undone and S2 "
                          "cannot be probed");
    } else {
      // Towers (vision, audio) read patches, not tokens: S2 probes the assumed common basis with
      // a seeded sample of its unit vectors, the same dims on both sides, so the responses are
      // the MLP weights' own columns. It still survives MLP-unit permutation, not residual
      // camouflage.
      const std::vector<int32_t> dims =
          Rng(options.seed ^ 0xD135)
              .Sample(static_cast<size_t>(da),
                      static_cast<size_t>(std::min<int64_t>(da, std::max(3, options.s2_probes))));
      probes_a = Mat::Zero(static_cast<Eigen::Index>(dims.size()), da);
      for (size_t k = 0; k < dims.size(); ++k) probes_a(static_cast<Eigen::Index>(k), dims[k]) = 1;
      probes_b = probes_a;
      res.notes.push_back(res.alignment.note +
                          "; residual camouflage (permutation, rotation) "
                          "cannot be undone; S2 probes the basis itself (" +
                          std::to_string(dims.size()) + " of " + std::to_string(da) +
                          " unit vectors, seeded), not token embeddings, and S4 is not run");
    }
  }
  const bool token_probes = has_embed;
  emb_a.resize(0, 0);
  emb_b.resize(0, 0);

  clock.Lap("embedding rows + alignment");
  // 3. Block signatures and the all-pairs block map.
  const int LA = la.num_layers, LB = lb.num_layers;
  if (LA == 0 || LB == 0) {
    return InvalidArgument(std::string(LA == 0 ? "candidate" : "base") +
                           ": no transformer blocks to compare");
  }
  SignatureOptions so;
  so.seed = options.seed ^ 0x5167;
  const Mat projection = SignatureProjection(2 * res.alignment.common_dim, so);
  std::vector<Mat> sig_a(LA), sig_b(LB);
  std::vector<std::vector<int32_t>> rows_a(LA);
  std::vector<int64_t> widths_a(LA, 0);
  Mat no_probes;
  {
    // Two blocks at a time (one per task; at most pool-size blocks in memory), each signature
    // into its own slot, so the result does not depend on the schedule.
    Progress progress("block signatures", static_cast<uint64_t>(LA + LB), "blocks",
                      options.progress);
    std::vector<int64_t> bad(static_cast<size_t>(LA + LB), 0), width_b(static_cast<size_t>(LB), 0);
    LINEAGE_RETURN_IF_ERROR(
        ParallelFor(pool, static_cast<size_t>(LA + LB), [&](size_t t) -> Status {
          const bool is_cand = t < static_cast<size_t>(LA);
          const int idx = is_cand ? static_cast<int>(t) : static_cast<int>(t) - LA;
          Result<BlockUnits> u =
              is_cand ? LoadBlockUnits(cand, idx, SignatureExpert(cand, idx), res.alignment,
                                       Side::kCandidate, no_probes)
                      : LoadBlockUnits(base, idx, -1, res.alignment, Side::kBase, no_probes);
          progress.Add(1);
          if (!u.ok()) {
            if (u.status().code() == Status::Code::kNotFound)
              return Status::Ok();  // block without an MLP
            return u.status().WithContext((is_cand ? "candidate block " : "base block ") +
                                          std::to_string(idx));
          }
          bad[t] = u->non_finite;
          if (is_cand) {
            widths_a[idx] = u->mlp.rows();
            rows_a[idx] = SignatureRows(u->mlp.rows(), so);
            sig_a[idx] = BlockSignature(u->mlp, projection, true, so);
          } else {
            width_b[idx] = u->mlp.rows();
            sig_b[idx] = BlockSignature(u->mlp, projection, false, so);
          }
          return Status::Ok();
        }));
    for (int64_t n : bad) res.non_finite += n;
    for (int64_t w : widths_a) diag.mlp_width_a = std::max(diag.mlp_width_a, w);
    for (int64_t w : width_b) diag.mlp_width_b = std::max(diag.mlp_width_b, w);
  }
  clock.Lap("block signatures");
  LINEAGE_ASSIGN_OR_RETURN(res.block_map, BuildBlockMap(sig_a, sig_b, rows_a, widths_a));
  clock.Lap("block map (all pairs)");
  sig_a.clear();
  sig_b.clear();

  // 4. Full per-block tests on the diagonal (fixed in advance) and on the map's path.
  std::vector<std::pair<int, int>> pairs;
  std::set<std::pair<int, int>> seen;
  if (LA == LB) {
    for (int i = 0; i < LA; ++i) {
      pairs.push_back({i, i});
      seen.insert({i, i});
    }
  }
  for (const BlockPair& p : res.block_map.path) {
    if (seen.insert({p.candidate, p.base}).second) pairs.push_back({p.candidate, p.base});
  }
  if (pairs.empty()) {
    // Depths differ and nothing matched: still probe the leading blocks for S2.
    for (int i = 0; i < std::min(LA, LB); ++i) pairs.push_back({i, i});
  }
  diag.experts_a = la.num_experts;
  diag.experts_b = lb.num_experts;
  const bool moe_vs_dense = la.num_experts > 0 && lb.num_experts == 0;

  BlockTestOptions bo;
  bo.seed = options.seed ^ 0xB10C;
  bo.lap_max_h = options.lap_max_h;
  std::vector<size_t> robust_idx =
      Spread(pairs.size(), static_cast<size_t>(options.max_robust_blocks));
  std::set<size_t> robust(robust_idx.begin(), robust_idx.end());
  std::vector<std::vector<double>> panel_by_replica(options.panel_size);
  std::vector<std::vector<double>> control_by_seed(options.power_controls);
  std::vector<double> agreements;
  std::pair<int64_t, int64_t> s2_sample{0, 0};  // (matched units, widest block) when S2 sampled
  Rng panel_rng(options.seed ^ 0xFA2E1);
  std::set<size_t> ungated_blocks;  // pairs where either MLP has no gate (fc1/fc2)
  Progress progress("block tests", pairs.size(), "blocks", options.progress);
  for (size_t pi = 0; pi < pairs.size(); ++pi) {
    auto [i, j] = pairs[pi];
    progress.Add(1);
    int sig_expert = SignatureExpert(cand, i);
    StageClock::Clock::time_point t0 = StageClock::Clock::now();
    // S2 matches a seeded sample of a wide candidate block's units: respond only those.
    const std::vector<int32_t> s2_units =
        GateUpUnitSample(static_cast<int64_t>(MlpUnitShape(cand, i, sig_expert).first), bo.gate_up);
    // Both sides load at once (decoding and folding are single-threaded per tensor).
    Result<BlockUnits> ua = Internal("not loaded"), ub = Internal("not loaded");
    LINEAGE_RETURN_IF_ERROR(ParallelFor(pool, 2, [&](size_t side) -> Status {
      if (side == 0) {
        ua = LoadBlockUnits(cand, i, sig_expert, res.alignment, Side::kCandidate, probes_a,
                            &s2_units);
      } else {
        ub = LoadBlockUnits(base, j, -1, res.alignment, Side::kBase, probes_b);
      }
      return Status::Ok();
    }));
    if (!ua.ok() || !ub.ok()) {
      const Status& st = !ua.ok() ? ua.status() : ub.status();
      if (st.code() == Status::Code::kNotFound) continue;
      return st.WithContext("block pair " + std::to_string(i) + "/" + std::to_string(j));
    }
    if (!ua->gated || !ub->gated) ungated_blocks.insert(pi);
    BlockResult br;
    br.candidate = i;
    br.base = j;
    br.diagonal = LA == LB && i == j;
    clock.Add(0, t0);
    t0 = StageClock::Clock::now();
    LINEAGE_ASSIGN_OR_RETURN(br.test, CompareBlocks(*ua, *ub, bo));
    if (moe_vs_dense) {
      // Every expert against the dense FFN: upcycled experts hit the identity.
      double best = 0;
      for (int e = 0; e < la.num_experts; ++e) {
        // Expert units feed S1 only: no probe responses.
        Result<BlockUnits> ue =
            LoadBlockUnits(cand, i, e, res.alignment, Side::kCandidate, no_probes);
        if (!ue.ok()) continue;
        UnitIdentityOptions uo;
        uo.seed = bo.seed;
        uo.null_shuffles = 0;
        uo.run_lap = std::max(ue->mlp.rows(), ub->mlp.rows()) <= bo.lap_max_h;
        Result<UnitIdentityResult> r = CompareUnits(View(ue->mlp), View(ub->mlp), uo);
        if (!r.ok()) continue;
        ExpertMatch em{i, e, PrimaryLog10P(*r), r->spearman_r, r->matched_cosine};
        br.experts.push_back(em);
        diag.expert_map.push_back(em);
        best = std::min(best, em.log10_p);
      }
      if (!br.experts.empty()) {
        br.test.log10_p = BonferroniLog10(best, static_cast<double>(br.experts.size()));
        br.test.primary_test = "unit_identity_experts";
      }
    }
    if (br.test.gate_up) {
      br.gate_up_agreement = br.test.gate_up->agreement;
      agreements.push_back(br.test.gate_up->agreement);
      if (br.test.gate_up->sampled) {
        s2_sample = {br.test.gate_up->units_tested,
                     std::max(s2_sample.second, br.test.gate_up->h_a)};
      }
    }

    clock.Add(1, t0);
    br.robust_set = robust.count(pi) > 0;
    if (br.robust_set) {
      t0 = StageClock::Clock::now();
      // Null panel for S2: a random-init candidate block of the same scales, with as many units
      // as the observed statistic matches (S2 samples wide blocks; random-init units are iid, so
      // drawing that many is the same null), against the same base block.
      // The unit's two matrices are gate and up, or fc1 and fc2 (ungated); their spreads were
      // measured while loading the candidate block.
      if (ub->gate_resp.rows() > 0 && ua->gate_resp.rows() > 0 && probes_a.rows() > 0) {
        const double sg = ua->gate_sd, su = ua->up_sd;
        GateUpOptions go = bo.gate_up;
        go.width_a = ua->mlp.rows();
        const Eigen::Index units =
            static_cast<Eigen::Index>(GateUpUnitSample(go.width_a, go).size());
        const Eigen::Index cols = probes_a.cols();
        // The base side is z-scored once for every replica; the replicas' units are drawn in
        // order from the one panel stream (the same samples as drawing each replica in turn) and
        // then compared in parallel, each into its own slot.
        LINEAGE_ASSIGN_OR_RETURN(GateUpSide bside,
                                 PrepareGateUpSide(View(ub->gate_resp), View(ub->up_resp)));
        std::vector<Mat> g0(options.panel_size), u0(options.panel_size);
        for (int r = 0; r < options.panel_size; ++r) {
          g0[r] = Gaussian(units, cols, sg, panel_rng);
          u0[r] = Gaussian(units, cols, su, panel_rng);
        }
        std::vector<double> agreement(options.panel_size, 0.0);
        LINEAGE_RETURN_IF_ERROR(ParallelFor(pool, g0.size(), [&](size_t r) -> Status {
          Mat rg = probes_a * g0[r].transpose(), ru = probes_a * u0[r].transpose();
          LINEAGE_ASSIGN_OR_RETURN(GateUpResult gr,
                                   GateUpConsistency(View(rg), View(ru), bside, go));
          agreement[r] = gr.agreement;
          return Status::Ok();
        }));
        for (int r = 0; r < options.panel_size; ++r) {
          panel_by_replica[r].push_back(agreement[r]);
          br.gate_up_panel.push_back(agreement[r]);
        }
      }
      clock.Add(2, t0);
      t0 = StageClock::Clock::now();
      // Positive controls: the base block plus noise at `control_noise` of its spread.
      const double sb = FiniteSd(View(ub->mlp));
      UnitIdentityOptions uo;
      uo.seed = bo.seed;
      uo.sample_m = bo.hit_sample_m;
      uo.null_shuffles = 0;
      uo.run_lap = ub->mlp.rows() <= bo.lap_max_h;
      const int controls = options.power_controls;
      auto control_rng = [&](int c) {
        return Rng(options.seed ^ 0xC0117).Fork(static_cast<uint64_t>(c) * 1000003 + pi);
      };
      std::vector<UnitIdentityResult> cr(static_cast<size_t>(std::max(0, controls)));
      if (uo.run_lap) {
        // Each control has its own seeded stream: they run in parallel, each into its slot.
        LINEAGE_RETURN_IF_ERROR(ParallelFor(pool, cr.size(), [&](size_t c) -> Status {
          Rng rng = control_rng(static_cast<int>(c));
          Mat ctrl =
              ub->mlp + Gaussian(ub->mlp.rows(), ub->mlp.cols(), options.control_noise * sb, rng);
          LINEAGE_ASSIGN_OR_RETURN(cr[c], CompareUnits(View(ctrl), View(ub->mlp), uo));
          return Status::Ok();
        }));
      } else if (controls > 0) {
        // Wide blocks run the hit count only, which reads the sampled rows: noise just those, all
        // controls stacked against the base block in one product.
        const std::vector<int32_t> rows = HitSampleRows(ub->mlp.rows(), uo);
        const Eigen::Index m = static_cast<Eigen::Index>(rows.size());
        Mat stacked(m * controls, ub->mlp.cols());
        LINEAGE_RETURN_IF_ERROR(ParallelFor(pool, cr.size(), [&](size_t c) -> Status {
          Rng rng = control_rng(static_cast<int>(c));
          auto block = stacked.middleRows(static_cast<Eigen::Index>(c) * m, m);
          block = SelectRows(ub->mlp, rows);
          block += Gaussian(m, ub->mlp.cols(), options.control_noise * sb, rng);
          return Status::Ok();
        }));
        LINEAGE_ASSIGN_OR_RETURN(cr, CountHitsEach(View(stacked), cr.size(), rows, View(ub->mlp)));
      }
      for (size_t c = 0; c < cr.size(); ++c) control_by_seed[c].push_back(PrimaryLog10P(cr[c]));
      // Fine-tune shape: low-rank structure of the gate delta, when bases coincide.
      if (res.alignment.kind == AlignmentKind::kIdentity && sig_expert < 0 &&
          diag.low_rank.size() < 4) {
        const TensorKey ka = MlpUnitKeys(cand, i, -1).first, kb = MlpUnitKeys(base, j, -1).first;
        Result<Mat> ga = cand.Read(ka), gb = base.Read(kb);
        if (ka.role == kb.role && ga.ok() && gb.ok() && ga->allFinite() && gb->allFinite()) {
          diag.low_rank.push_back(LowRankDelta(
              *ga, *gb, "block " + std::to_string(i) + " " + RoleName(ka.role), options.seed));
        }
      }
      clock.Add(3, t0);
    }
    res.blocks.push_back(std::move(br));
  }
  progress.Finish();
  clock.Lap("block tests");
  clock.Report(0, "loading block units");
  clock.Report(1, "S1/S2/CKA block tests");
  clock.Report(2, "S2 random-init panel");
  clock.Report(3, "power controls + low rank");
  if (!ungated_blocks.empty()) {
    res.notes.push_back(
        std::to_string(ungated_blocks.size()) + " of " + std::to_string(pairs.size()) +
        " tested block pairs have an ungated MLP (fc1 -> activation -> fc2): S1 units are fc1 rows "
        "with the matching fc2 columns (same exact null); S2 has no gate there, and its analogue "
        "matches units by fc1 responses and by fc2 write responses, calibrated against random "
        "init, not exact");
  }
  if (s2_sample.first > 0) {
    res.notes.push_back("S2 gate/up consistency matched a fixed seeded sample of " +
                        std::to_string(s2_sample.first) + " of up to " +
                        std::to_string(s2_sample.second) +
                        " MLP units per block, each against all base units; its random-init panel "
                        "draws the same number of units");
  }

  // 5. S4 HuRef invariants on the blocks that carry the panels.
  if (token_probes && probes_a.rows() > 0 && probes_b.rows() > 0) {
    std::vector<std::pair<int, int>> huref_pairs;
    for (size_t pi : robust_idx) huref_pairs.push_back(pairs[pi]);
    HurefPairOptions ho;
    ho.seed = options.seed ^ 0x4E5F;
    ho.panel_size = options.panel_size;
    Result<HurefPairResult> h =
        CompareHurefPair(cand, base, huref_pairs, probes_a, probes_b, pool, ho);
    if (h.ok()) {
      res.huref = std::move(h).value();
    } else {
      res.notes.push_back("S4 (HuRef) not run: " + h.status().message());
    }
  }
  clock.Lap("S4 HuRef + its panel");

  // 6. Robust S2: the observed agreement over the same blocks as each panel replica.
  if (!agreements.empty()) {
    double observed = 0;
    int used = 0;
    for (const BlockResult& b : res.blocks) {
      if (b.robust_set && b.gate_up_agreement) {
        observed += *b.gate_up_agreement;
        ++used;
      }
    }
    double all = 0;
    for (double a : agreements) all += a;
    // Without panel blocks the mean over every tested block is shown (the panel is then empty and
    // the finding not decisive).
    res.gate_up_agreement = used ? observed / used : all / agreements.size();
    for (const auto& rep : panel_by_replica) {
      if (rep.empty()) continue;
      double s = 0;
      for (double v : rep) s += v;
      res.gate_up_panel.push_back(s / rep.size());
    }
  }

  // 7. Power: the exact test on noised copies of the base (raw; decide corrects and thresholds).
  res.control_noise = options.control_noise;
  for (const auto& ctrl : control_by_seed) {
    if (!ctrl.empty()) res.control_log10_p.push_back(FisherCombineLog10(ctrl));
  }
  if (res.non_finite > 0) {
    res.notes.push_back(
        std::to_string(res.non_finite) +
        " NaN/Inf weight values were excluded (zeroed); they cannot create evidence");
  }
  return res;
}

}  // namespace lineage
