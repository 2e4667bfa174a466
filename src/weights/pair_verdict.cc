#include "weights/pair_verdict.h"

#include <algorithm>
#include <map>
#include <set>

#include "stats/combine.h"
#include "weights/gate_up_consistency.h"

namespace lineage {

namespace {

bool IsHalfWidth(const std::string& t) { return t == "BF16" || t == "F16"; }
bool IsFullFloat(const std::string& t) { return t == "F32" || t == "F64"; }

void AddLabel(std::vector<std::string>* labels, const std::string& l) {
  if (std::find(labels->begin(), labels->end(), l) == labels->end()) labels->push_back(l);
}

}  // namespace

void FillDerivationLabels(WeightsResult* r) {
  r->derivation.clear();
  if (r->verdict != "derived") return;
  const DerivationDiagnostics& d = r->diagnostics;
  std::vector<std::string>& L = r->derivation;

  // A copy only if the structure is the same and every compared tensor is value-identical.
  bool all_identical = !r->tensors.empty() && d.experts_a == d.experts_b &&
                       d.vocab_rows_a == d.vocab_rows_b && d.mlp_width_a == d.mlp_width_b &&
                       d.residual_a == d.residual_b &&
                       r->block_map.blocks_a == r->block_map.blocks_b;
  for (const TensorComparison& t : r->tensors) all_identical = all_identical && t.value_identical;
  const size_t keys_compared = r->tensors.size();

  if (r->alignment.kind == AlignmentKind::kSignedPermutation &&
      r->alignment.permutation_fixed_fraction < 0.9) {
    AddLabel(&L, "camouflaged-permutation");
  }
  if (r->alignment.kind == AlignmentKind::kRotation) AddLabel(&L, "camouflaged-rotation");
  // MLP units relabelled: S1 sees no identity order while S2 matches gate and up consistently.
  for (const BlockResult& b : r->blocks) {
    if (b.test.mlp.lap_done && b.test.log10_p > -3 && b.gate_up_agreement &&
        *b.gate_up_agreement >= 0.5 && b.test.mlp.matched_cosine_z > 10) {
      AddLabel(&L, "camouflaged-permutation");
    }
  }
  const BlockMap& map = r->block_map;
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
  const bool cast = !d.quantized_a && !d.quantized_b && !d.dtype_a.empty() &&
                    d.dtype_a != d.dtype_b &&
                    ((IsHalfWidth(d.dtype_a) && (IsFullFloat(d.dtype_b) || IsHalfWidth(d.dtype_b))) ||
                     (IsHalfWidth(d.dtype_b) && IsFullFloat(d.dtype_a)));
  if (cast) AddLabel(&L, "dtype-cast");
  if (!map.path.empty() && !map.unmatched_candidate.empty() && map.restarts == 0 &&
      map.blocks_a >= map.blocks_b) {
    AddLabel(&L, "component-reuse");
  }
  if (all_identical && keys_compared > 0) {
    AddLabel(&L, "identical-copy");
    return;
  }
  // Values changed beyond what a cast or quantisation explains: training happened.
  bool changed = false;
  if (d.quantized_a || d.quantized_b) {
    changed = false;  // quantisation noise alone cannot be told from a light fine-tune here
  } else if (cast) {
    changed = d.cast_equal_fraction && *d.cast_equal_fraction < 0.5;
  } else {
    for (const TensorComparison& t : r->tensors) changed = changed || !t.value_identical;
    if (r->tensors.empty()) changed = true;
  }
  if (changed) AddLabel(&L, "fine-tuned");
}

void FillComponents(const WeightSource& cand, const WeightSource& base, WeightsResult* r) {
  r->components.clear();
  const bool derived = r->verdict == "derived";
  const bool independent = r->verdict == "independent";
  auto fallback = [&]() { return independent ? "independent" : "inconclusive"; };

  // Embedding: the residual hit count is exact; a permutation/rotation fit is supporting only.
  {
    ComponentVerdict c;
    c.name = "embed";
    const ResidualAlignment& a = r->alignment;
    if (a.shared_rows == 0) {
      c.verdict = "not-compared";
      c.note = "no shared tokens";
    } else {
      double lp = a.dim_a == a.dim_b ? a.residual_hits_log10_p : 0;
      c.log10_p = lp;
      if (lp <= -12) {
        c.verdict = "derived";
      } else if (derived && a.kind != AlignmentKind::kIdentity && a.rotation_z > 10) {
        c.verdict = "derived";
        c.note = std::string("aligned by ") + AlignmentKindName(a.kind) +
                 " far beyond the re-pairing null (approximate)";
      } else {
        c.verdict = fallback();
      }
    }
    r->components.push_back(c);
  }
  // Blocks: the exact per-block test on the diagonal or on the map's path; S2 for camouflage.
  std::map<int, const BlockResult*> by_cand;
  for (const BlockResult& b : r->blocks) {
    auto it = by_cand.find(b.candidate);
    if (it == by_cand.end() || b.test.log10_p < it->second->test.log10_p) by_cand[b.candidate] = &b;
  }
  for (int i = 0; i < r->block_map.blocks_a; ++i) {
    ComponentVerdict c;
    c.name = "block " + std::to_string(i);
    auto it = by_cand.find(i);
    if (it == by_cand.end()) {
      c.verdict = derived ? "inconclusive" : fallback();
      c.note = "no base block matched";
    } else {
      const BlockResult& b = *it->second;
      c.log10_p = b.test.log10_p;
      const double pairs = std::max(1, r->block_map.blocks_a * r->block_map.blocks_b);
      if (BonferroniLog10(b.test.log10_p, pairs) <= -12) {
        c.verdict = "derived";
        c.note = "matches base block " + std::to_string(b.base);
      } else if (derived && b.gate_up_agreement && *b.gate_up_agreement >= 0.5) {
        c.verdict = "derived";
        c.note = "gate/up consistency with base block " + std::to_string(b.base) +
                 " (calibrated, not exact)";
      } else {
        c.verdict = fallback();
      }
    }
    r->components.push_back(c);
  }
  // lm_head and sub-models: per-tensor identity only (no exchangeable units to test).
  std::map<std::string, std::pair<int, int>> comp_identical;  // component → (identical, compared)
  for (const TensorComparison& t : r->tensors) {
    std::string name = t.key.role == Role::kLmHead ? "lm_head" : t.key.component;
    if (name == "trunk") continue;
    comp_identical[name].first += t.value_identical;
    comp_identical[name].second += 1;
  }
  std::set<std::string> names;
  for (const TensorKey& k : cand.Keys()) {
    if (k.role == Role::kLmHead) names.insert("lm_head");
    else if (k.component != "trunk") names.insert(k.component);
  }
  for (const std::string& n : names) {
    ComponentVerdict c;
    c.name = n;
    auto it = comp_identical.find(n);
    if (it == comp_identical.end()) {
      c.verdict = "not-compared";
      c.note = "absent from the base or shapes differ";
    } else if (it->second.first > 0) {
      c.verdict = "derived";
      c.note = std::to_string(it->second.first) + " of " + std::to_string(it->second.second) +
               " tensors value-identical";
    } else {
      c.verdict = "inconclusive";
      c.note = "per-tensor comparison only (no exact test for this component)";
    }
    r->components.push_back(c);
  }
}

void FillFindings(WeightsResult* r) {
  std::vector<Finding>& F = r->findings;
  F.clear();
  Finding head;
  head.analysis = "weights";
  head.test = "weights_exact";
  head.component = "trunk";
  head.statistic = "min_log10_p";
  head.value = r->log10_p_raw;
  head.log10_p = r->log10_p;
  NullModel n;
  n.kind = "exact";
  n.description = "S1 under exchangeable units (Fisher over blocks; union-bound hit counts); "
                  "Bonferroni over " + std::to_string(r->tests_in_family) + " tests";
  head.null = n;
  head.decisive = true;
  head.direction = r->log10_p <= -12 ? Direction::kForDerivation
                   : r->log10_p > -2 ? Direction::kAgainstDerivation : Direction::kNeutral;
  head.note = r->exact_source;
  F.push_back(head);
  for (const Finding& f : AlignmentFindings(r->alignment)) F.push_back(f);
  for (const BlockResult& b : r->blocks) {
    for (const Finding& f : BlockFindings(b.test)) F.push_back(f);
  }
  if (r->gate_up_agreement) {
    Finding g;
    g.analysis = "weights";
    g.test = "gate_up_consistency";
    g.component = "trunk";
    g.statistic = "agreement";
    g.value = *r->gate_up_agreement;
    g.z = r->gate_up_z;
    g.log10_p = r->gate_up_log10_p;
    NullModel pn;
    pn.kind = "calibrated-panel";
    pn.description = "seeded random-init candidate blocks of the same shapes against the base "
                     "(approximate: lacks trained convergent features)";
    pn.samples = static_cast<int>(r->gate_up_panel.size());
    g.null = pn;
    g.approximate = true;
    g.decisive = true;
    g.direction = r->gate_up_z && *r->gate_up_z > 10 ? Direction::kForDerivation : Direction::kNeutral;
    g.note = "calibrated, not exact";
    F.push_back(g);
  }
  {
    Finding p;
    p.analysis = "weights";
    p.test = "power_positive_controls";
    p.component = "trunk";
    p.statistic = "detected_fraction";
    p.value = r->controls_run ? double(r->controls_detected) / r->controls_run : 0;
    p.note = std::to_string(r->controls_detected) + "/" + std::to_string(r->controls_run) +
             " noised copies of the base (noise sd " + std::to_string(r->control_noise) +
             " x each block's spread) detected at log10 p_adj <= -12";
    F.push_back(p);
  }
  for (const Finding& f : PerTensorFindings(r->tensors)) F.push_back(f);
}

}  // namespace lineage
