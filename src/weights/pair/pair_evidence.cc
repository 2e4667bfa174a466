#include "weights/pair/pair_evidence.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "stats/combine.h"
#include "weights/calibration/calibration_panel.h"
#include "weights/pair/summary.h"
#include "weights/statistics/findings.h"
#include "weights/statistics/huref.h"
#include "weights/statistics/per_tensor.h"

namespace lineage {

namespace {

// METHODS §10 "agreeing effect sizes" for S2: a majority of units matched consistently by gate
// and by up. The random-init panel sits at chance (≈ 1/h); trained independent models reach a few
// percent through convergent neurons (METHODS §4.3), far below this.
constexpr double kGateUpEffectFloor = 0.5;

bool IsHalfWidth(const std::string& t) { return t == "BF16" || t == "F16"; }
bool IsFullFloat(const std::string& t) { return t == "F32" || t == "F64"; }

void AddLabel(std::vector<std::string>* labels, const std::string& l) {
  if (std::find(labels->begin(), labels->end(), l) == labels->end()) labels->push_back(l);
}

std::string BlockName(int candidate_block) { return "block " + std::to_string(candidate_block); }

// Exact evidence of copying for components without exchangeable units (lm_head, sub-models):
// value-identical, non-constant matrices. Bound: under independent initialisation each element
// collides with probability at most 1/2 (any init where no single value carries half the mass),
// independently, so n identical elements have p ≤ 2^-n. Constant matrices (Pearson undefined)
// are excluded: two zero-initialised matrices are equal by construction, and so are the
// deterministic tensors (sinusoidal tables, rotary buffers: deterministic_tensor.h).
void AddIdentityFindings(const std::vector<TensorComparison>& tensors, std::vector<Finding>* out) {
  struct Tally {
    int identical = 0, compared = 0;
    double elements = 0;
  };
  std::map<std::string, Tally> by_component;
  for (const TensorComparison& t : tensors) {
    if (!IsCopyCheckTensor(t.key, t.rows) || !t.deterministic.empty()) continue;
    const std::string name = t.key.role == Role::kLmHead ? "lm_head" : t.key.component;
    Tally& tally = by_component[name];
    ++tally.compared;
    if (t.value_identical && t.pearson > 0.99) {
      ++tally.identical;
      tally.elements += static_cast<double>(t.compared);  // the sampled window's, when sampled
    }
  }
  for (const auto& [name, tally] : by_component) {
    Finding f =
        WeightsFinding("tensor_identity", name, "value_identical_matrices", tally.identical);
    NullModel n;
    n.kind = "exact";
    n.description =
        "independent init: each element equal with probability ≤ 1/2, so n equal "
        "elements have p ≤ 2^-n (conservative bound)";
    f.null = n;
    f.log10_p = -tally.elements * std::log10(2.0);
    f.decisive = true;
    f.direction = tally.identical > 0 ? Direction::kForDerivation : Direction::kNeutral;
    f.note = fmt::format("{} of {} matrices value-identical (non-constant)", tally.identical,
                         tally.compared);
    out->push_back(std::move(f));
  }
}

}  // namespace

std::vector<std::string> DerivationTypes(const WeightsResult& r) {
  std::vector<std::string> L;
  const DerivationDiagnostics& d = r.diagnostics;

  // A copy only if the structure is the same and every compared tensor is value-identical.
  bool all_identical = !r.tensors.empty() && d.experts_a == d.experts_b &&
                       d.vocab_rows_a == d.vocab_rows_b && d.mlp_width_a == d.mlp_width_b &&
                       d.residual_a == d.residual_b && r.block_map.blocks_a == r.block_map.blocks_b;
  for (const TensorComparison& t : r.tensors) all_identical = all_identical && t.value_identical;

  if (r.alignment.kind == AlignmentKind::kSignedPermutation &&
      r.alignment.permutation_fixed_fraction < 0.9) {
    AddLabel(&L, "camouflaged-permutation");
  }
  if (r.alignment.kind == AlignmentKind::kRotation) AddLabel(&L, "camouflaged-rotation");
  // MLP units relabelled: S1 sees no identity order while S2 matches gate and up consistently.
  for (const BlockResult& b : r.blocks) {
    if (b.test.mlp.lap_done && b.test.log10_p > -3 && b.gate_up_agreement &&
        *b.gate_up_agreement >= kGateUpEffectFloor && b.test.mlp.matched_cosine_z > 10) {
      AddLabel(&L, "camouflaged-permutation");
    }
  }
  const BlockMap& map = r.block_map;
  if (map.restarts > 0 && map.blocks_a > map.blocks_b) AddLabel(&L, "depth-upscaled");
  if (map.blocks_a < map.blocks_b && !map.path.empty() && !map.skipped_base.empty()) {
    AddLabel(&L, "depth-pruned");
  }
  if ((d.mlp_width_a > 0 && d.mlp_width_b > 0 && d.mlp_width_a < d.mlp_width_b) ||
      d.residual_a < d.residual_b) {
    AddLabel(&L, "width-pruned");
  }
  if (d.experts_a > 0 && d.experts_b == 0) {
    for (const ExpertMatch& e : d.expert_map) {
      if (e.log10_p <= map.log10_threshold) AddLabel(&L, "moe-upcycled");
    }
  }
  if (d.vocab_rows_a > d.vocab_rows_b && d.vocab_rows_b > 0) AddLabel(&L, "vocab-extended");
  if (d.quantized_a != d.quantized_b) AddLabel(&L, "quantized");
  const bool cast =
      !d.quantized_a && !d.quantized_b && !d.dtype_a.empty() && d.dtype_a != d.dtype_b &&
      ((IsHalfWidth(d.dtype_a) && (IsFullFloat(d.dtype_b) || IsHalfWidth(d.dtype_b))) ||
       (IsHalfWidth(d.dtype_b) && IsFullFloat(d.dtype_a)));
  if (cast) AddLabel(&L, "dtype-cast");
  if (!map.path.empty() && !map.unmatched_candidate.empty() && map.restarts == 0 &&
      map.blocks_a >= map.blocks_b) {
    AddLabel(&L, "component-reuse");
  }
  if (all_identical) {
    AddLabel(&L, "identical-copy");
    return L;
  }
  // Values changed beyond what a cast or quantisation explains: training happened.
  bool changed = false;
  if (d.quantized_a || d.quantized_b) {
    changed = false;  // quantisation noise alone cannot be told from a light fine-tune here
  } else if (cast) {
    changed = d.cast_equal_fraction && *d.cast_equal_fraction < 0.5;
  } else {
    for (const TensorComparison& t : r.tensors) changed = changed || !t.value_identical;
    if (r.tensors.empty()) changed = true;
  }
  if (changed) AddLabel(&L, "fine-tuned");
  return L;
}

namespace {

void AddAlignmentFindings(const WeightsResult& r, std::vector<Finding>& F) {
  // Exact family. The embedding first: the residual hit count is an exact test in the identity
  // basis only; once the basis had to be permuted or rotated it has no power against that
  // derivation, so it is then context and cannot make the embedding look independent.
  for (Finding f : AlignmentFindings(r.alignment)) {
    if (f.test == "residual_identity_hits") {
      f.decisive = r.alignment.kind == AlignmentKind::kIdentity;
      if (!f.decisive) {
        f.note += std::string("; context only: the residual basis needed a ") +
                  AlignmentKindName(r.alignment.kind) +
                  ", which this identity-basis test cannot see";
      }
    }
    F.push_back(std::move(f));
  }
}

void AddDiagonalFisher(const WeightsResult& r, std::vector<Finding>& F) {
  std::vector<double> diagonal;
  for (const BlockResult& b : r.blocks) {
    if (b.diagonal) diagonal.push_back(b.test.log10_p);
  }
  if (!diagonal.empty()) {
    Finding f = WeightsFinding("unit_identity_fisher", "trunk", "blocks", diagonal.size());
    f.log10_p = FisherCombineLog10(diagonal);
    NullModel n;
    n.kind = "exact";
    n.description =
        "Fisher over the diagonal blocks (fixed in advance; blocks independent under "
        "H0), each block's S1 with its exact null";
    f.null = n;
    f.decisive = true;
    f.direction = *f.log10_p <= -12 ? Direction::kForDerivation : Direction::kNeutral;
    F.push_back(std::move(f));
  }
}

// The block map: each candidate block's best base block.
void AddBlockMapFindings(const WeightsResult& r, std::vector<Finding>& F) {
  const BlockMap& map = r.block_map;
  for (int i = 0; i < map.blocks_a && map.blocks_b > 0; ++i) {
    int best = 0;
    for (int j = 1; j < map.blocks_b; ++j) best = map.at(i, j) < map.at(i, best) ? j : best;
    Finding f = WeightsFinding("block_map", BlockName(i), "best_base_block", best);
    f.log10_p = map.at(i, best);
    f.multiplicity = map.blocks_b;
    NullModel n;
    n.kind = "exact";
    n.description =
        "S1 hit count on block signatures, best of the base blocks (Bonferroni over "
        "them)";
    f.null = n;
    f.decisive = true;
    f.direction =
        *f.log10_p <= map.log10_threshold ? Direction::kForDerivation : Direction::kNeutral;
    f.note = fmt::format("candidate block {} ~ base block {}", i, best);
    F.push_back(std::move(f));
  }
}

// Sequential reading (METHODS §10.8) stopped after `blocks_read` of `blocks_total` planned pairs:
// each tested block stands for ⌈total / read⌉ planned ones, so the Bonferroni factor is at least
// the one of a run that tested every planned pair.
int UnreadFactor(const BlockSampling& s) {
  if (s.blocks_read <= 0 || s.blocks_read >= s.blocks_total) return 1;
  return (s.blocks_total + s.blocks_read - 1) / s.blocks_read;
}

// Each tested block's own findings, and an MoE block's best expert.
void AddBlockFindings(const WeightsResult& r, std::vector<Finding>& F) {
  const int unread = UnreadFactor(r.sampling);
  for (const BlockResult& b : r.blocks) {
    for (Finding f : BlockFindings(b.test)) {
      if (unread > 1 && f.log10_p) {
        f.multiplicity = std::max(1, f.multiplicity) * unread;
        f.note += fmt::format(
            "{}counts for {} planned block pairs (sequential reading read {} of {})",
            f.note.empty() ? "" : "; ", unread, r.sampling.blocks_read, r.sampling.blocks_total);
      }
      if (b.base != b.candidate) {
        f.note = fmt::format("vs base block {}; {}", b.base, f.note);
        // The block map chose this pair from the data: say so beside the p-value.
        if (f.null && f.log10_p) {
          f.null->description +=
              "; selected by the block map: a post-selection p, covered by the Bonferroni factor "
              "over every block-map cell";
        }
      }
      f.component = BlockName(b.candidate);
      F.push_back(std::move(f));
    }
    if (!b.experts.empty()) {
      const ExpertMatch* best = &b.experts[0];
      for (const ExpertMatch& e : b.experts) best = e.log10_p < best->log10_p ? &e : best;
      Finding f = WeightsFinding("unit_identity_experts", BlockName(b.candidate), "best_expert",
                                 best->expert);
      f.log10_p = best->log10_p;
      f.multiplicity = static_cast<int>(b.experts.size()) * unread;
      NullModel n;
      n.kind = "exact";
      n.description = "S1 of each expert against the base block's dense FFN, best expert";
      f.null = n;
      f.decisive = true;
      f.direction = best->log10_p <= -12 ? Direction::kForDerivation : Direction::kNeutral;
      F.push_back(std::move(f));
    }
  }
}

void AddBlockS2Findings(const WeightsResult& r, std::vector<Finding>& F) {
  // Robust statistics against panels built for this pair.
  // S2 per block localises what the exact S1 cannot see under MLP-unit permutation (T2).
  for (const BlockResult& b : r.blocks) {
    if (!b.gate_up_agreement || b.gate_up_panel.size() < 2) continue;
    Finding g = WeightsFinding("gate_up_consistency", BlockName(b.candidate), "agreement",
                               *b.gate_up_agreement);
    g.decisive = true;
    g.effect_floor = kGateUpEffectFloor;
    g.value_interval = GateUpInterval(UnitsOf(b));
    // Localisation only: with a handful of replicas per block, convergent neurons of trained
    // independent models put single blocks a few sd above random init (METHODS §4.3: z ≈ 2 is
    // expected), so a block above its panel is not outside the null; the trunk S2 decides that.
    g.panel_is_lower_bound = true;
    g = CalibratedFinding(std::move(g), b.gate_up_panel,
                          fmt::format("{} seeded random-init replicas of this block against base "
                                      "block {} (approximate: lacks trained convergent features)",
                                      b.gate_up_panel.size(), b.base));
    F.push_back(std::move(g));
  }
}

void AddTrunkRobustFindings(const WeightsResult& r, const TrainedPanels* trained,
                            std::vector<Finding>& F) {
  // The trunk statistics use a comparable panel of trained independent pairs when one was found
  // (calibration_panel.h), else the random-init replicas built for this pair.
  const RobustPanel* trained_s2 = trained && trained->s2 ? &*trained->s2 : nullptr;
  const RobustPanel* trained_s4 = trained && trained->s4 ? &*trained->s4 : nullptr;
  const char* no_trained = "no comparable trained-independent panel was found";
  if (r.gate_up_agreement) {
    Finding g = WeightsFinding("gate_up_consistency", "trunk", "agreement", *r.gate_up_agreement);
    g.decisive = true;
    g.effect_floor = kGateUpEffectFloor;
    g.value_interval = r.gate_up_interval;
    g = CalibrateRobust(std::move(g), trained_s2, r.gate_up_panel,
                        fmt::format("{} seeded random-init candidate blocks of the same shapes "
                                    "against the base (approximate: lacks trained convergent "
                                    "features)",
                                    r.gate_up_panel.size()),
                        no_trained);
    g.direction = BeyondPanelDirection(g);
    F.push_back(std::move(g));
  }
  if (r.huref) {
    for (Finding& f : HurefFindings(*r.huref, r.alignment.kind == AlignmentKind::kRotation,
                                    trained_s4, no_trained)) {
      F.push_back(std::move(f));
    }
  }
}

// What each side has, for the ancestry (verdict/ancestry.h), without naming a direction.
PairStructure Structure(const WeightsResult& w) {
  const DerivationDiagnostics& d = w.diagnostics;
  PairStructure s;
  s.candidate = {d.vocab_rows_a, d.mlp_width_a, d.residual_a,
                 d.experts_a,    d.dtype_a,     d.quantized_a};
  s.base = {d.vocab_rows_b, d.mlp_width_b, d.residual_b, d.experts_b, d.dtype_b, d.quantized_b};
  s.same_id_fraction = d.same_id_fraction;
  s.same_ids_assumed = d.same_ids_assumed;
  s.cast_equal_fraction = d.cast_equal_fraction;
  for (const ExpertMatch& e : d.expert_map) {
    s.experts_matching_dense += e.log10_p <= w.block_map.log10_threshold;
  }
  return s;
}

}  // namespace

std::vector<Finding> WeightsFindings(const WeightsResult& r, const TrainedPanels* trained) {
  std::vector<Finding> F;
  // Exact family first, then the robust statistics, then per-tensor context.
  AddAlignmentFindings(r, F);
  AddDiagonalFisher(r, F);
  AddBlockMapFindings(r, F);
  AddBlockFindings(r, F);
  AddIdentityFindings(r.tensors, &F);
  AddBlockS2Findings(r, F);
  AddTrunkRobustFindings(r, trained, F);
  for (const Finding& f : PerTensorFindings(r.tensors)) F.push_back(f);
  return F;
}

void AddWeightsEvidence(const WeightsResult& w, PairResult* pair, const TrainedPanels* trained) {
  std::vector<Finding> findings = WeightsFindings(w, trained);
  pair->findings.insert(pair->findings.end(), findings.begin(), findings.end());
  pair->derivation = DerivationTypes(w);
  BlockMapSummary map;
  map.candidate_blocks = w.block_map.blocks_a;
  map.base_blocks = w.block_map.blocks_b;
  map.statistic = "unit_identity (block signatures)";
  map.match_threshold = -w.block_map.log10_threshold;
  for (double v : w.block_map.log10_p) map.neg_log10_p.push_back(-v);
  map.path = w.block_map.path;
  if (map.candidate_blocks > 0 && map.base_blocks > 0) pair->block_map = std::move(map);
  for (const BlockResult& b : w.blocks) {
    if (!b.diagonal) continue;
    BlockStat s;
    s.block = b.candidate;
    s.statistic = b.test.primary_test;
    s.value = -b.test.log10_p;
    s.null_low = 0;
    s.null_high = 2;  // −log10 p of the one-sided 1 % level: the null band of an exact test
    s.log10_p = b.test.log10_p;
    pair->block_stats.push_back(s);
  }
  pair->structure = Structure(w);
  pair->sampling = w.sampling;
  for (const std::string& n : w.notes) pair->limitations.push_back(n);
  if (trained) {
    for (const std::string& n : trained->notes) pair->limitations.push_back(n);
  }
}

}  // namespace lineage
