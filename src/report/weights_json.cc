#include "report/weights_json.h"

#include <cmath>

namespace lineage {

namespace {

using J = nlohmann::ordered_json;

double Finite(double v) { return std::isfinite(v) ? v : (v > 0 ? 1e308 : -1e308); }

J Units(const UnitIdentityResult& u) {
  J j;
  j["h_candidate"] = u.h_a;
  j["h_base"] = u.h_b;
  if (u.hit_test_valid) {
    j["hits"] = u.hits;
    j["sampled"] = u.sampled_m;
    j["hits_log10_p"] = Finite(u.hit_log10_p);
  }
  if (u.lap_done) {
    j["spearman_r"] = Finite(u.spearman_r);
    j["spearman_log10_p"] = Finite(u.spearman_log10_p);
    j["spearman_null"] = u.spearman_null;
    j["matched_cosine"] = Finite(u.matched_cosine);
    j["matched_cosine_z"] = Finite(u.matched_cosine_z);
  }
  return j;
}

}  // namespace

J FindingToJson(const Finding& f) {
  J j;
  j["analysis"] = f.analysis;
  j["test"] = f.test;
  j["component"] = f.component;
  j["statistic"] = f.statistic;
  j["value"] = Finite(f.value);
  if (f.log10_p) j["log10_p"] = Finite(*f.log10_p);
  if (f.z) j["z"] = Finite(*f.z);
  if (f.null) {
    J n;
    n["kind"] = f.null->kind;
    n["description"] = f.null->description;
    if (f.null->mean) n["mean"] = Finite(*f.null->mean);
    if (f.null->sd) n["sd"] = Finite(*f.null->sd);
    if (f.null->samples) n["samples"] = f.null->samples;
    if (f.null->max) n["max"] = Finite(*f.null->max);
    if (!f.null->source.empty()) n["source"] = f.null->source;
    j["null"] = n;
  }
  j["direction"] = DirectionName(f.direction);
  j["decisive"] = f.decisive;
  j["approximate"] = f.approximate;
  if (f.multiplicity != 1) j["multiplicity"] = f.multiplicity;
  if (f.effect_floor) j["effect_floor"] = Finite(*f.effect_floor);
  if (f.null && f.null->kind == "calibrated-panel")
    j["panel_is_lower_bound"] = f.panel_is_lower_bound;
  if (!f.note.empty()) j["note"] = f.note;
  return j;
}

J WeightsResultToJson(const WeightsResult& r, const PairResult& p) {
  J j;
  j["verdict"] = VerdictName(p.verdict);
  j["reason"] = p.reason;
  j["derivation"] = p.derivation;
  // The exact test's log10 p after Bonferroni over every exact test (0 when none ran).
  j["log10_p"] = Finite(p.log10_p_adjusted.value_or(0.0));
  j["log10_p_raw"] = Finite(p.log10_p_exact.value_or(0.0));
  if (p.log10_bf_cap) j["log10_bayes_factor_cap"] = Finite(*p.log10_bf_cap);
  if (p.strongest_for) j["strongest_for"] = FindingToJson(*p.strongest_for);
  if (p.strongest_against) j["strongest_against"] = FindingToJson(*p.strongest_against);
  j["h0"] = r.h0;
  j["scope"] = r.scope;
  J robust = J::array();
  for (const RobustScore& s : p.robust) {
    robust.push_back(
        {{"test", s.test},
         {"component", s.component},
         {"value", Finite(s.value)},
         {"z_adj", Finite(s.z_adj)},
         {"panel_size", s.panel_size},
         {"beyond_panel", s.beyond_panel},
         {"extrapolated", s.extrapolated},
         {"panel_is_lower_bound", s.panel_is_lower_bound},
         {"panel_source", s.panel_source.empty() ? J(nullptr) : J(s.panel_source)},
         {"calibrated",
          s.panel_source.empty()
              ? "calibrated against seeded random-init replicas, not exact"
              : "calibrated against a panel of trained independent pairs, not exact"}});
  }
  j["robust"] = robust;
  if (r.huref) {
    J h;
    h["score"] = Finite(r.huref->score);
    h["panel"] = r.huref->panel;
    if (r.huref->cos_f) h["mlp_cosine"] = Finite(*r.huref->cos_f);
    h["blocks"] = r.huref->blocks;
    h["probes"] = r.huref->probes;
    j["huref"] = h;
  }
  if (r.gate_up_agreement) {
    j["gate_up"] = {{"agreement", Finite(*r.gate_up_agreement)}, {"panel", r.gate_up_panel}};
  }
  J power;
  power["measured"] = p.power.measured;
  power["power"] = Finite(p.power.power);
  power["controls"] = p.power.controls;
  power["control_noise"] = r.control_noise;
  power["control_log10_p_raw"] = r.control_log10_p;
  power["description"] = p.power.description;
  j["power"] = power;

  J comps = J::array();
  for (const ComponentVerdict& c : p.components) {
    J x;
    x["name"] = c.name;
    x["verdict"] = c.verdict;
    if (c.log10_p) x["log10_p"] = Finite(*c.log10_p);
    if (!c.note.empty()) x["note"] = c.note;
    comps.push_back(x);
  }
  j["components"] = comps;

  J path = J::array();
  for (const BlockPair& p : r.block_map.path) {
    path.push_back({{"candidate", p.candidate}, {"base", p.base}, {"log10_p", Finite(p.log10_p)}});
  }
  j["block_map"] = path;
  J bm;
  bm["blocks_candidate"] = r.block_map.blocks_a;
  bm["blocks_base"] = r.block_map.blocks_b;
  bm["log10_threshold"] = Finite(r.block_map.log10_threshold);
  bm["restarts"] = r.block_map.restarts;
  bm["unmatched_candidate"] = r.block_map.unmatched_candidate;
  bm["skipped_base"] = r.block_map.skipped_base;
  J matrix = J::array();
  for (int i = 0; i < r.block_map.blocks_a; ++i) {
    J row = J::array();
    for (int k = 0; k < r.block_map.blocks_b; ++k) row.push_back(Finite(r.block_map.at(i, k)));
    matrix.push_back(row);
  }
  bm["log10_p"] = matrix;
  j["block_map_detail"] = bm;

  J al;
  al["transform"] = AlignmentKindName(r.alignment.kind);
  al["shared_rows"] = r.alignment.shared_rows;
  al["score_identity"] = Finite(r.alignment.score_identity);
  al["score_permutation"] = Finite(r.alignment.score_permutation);
  al["score_rotation"] = Finite(r.alignment.score_rotation);
  al["rotation_null_mean"] = Finite(r.alignment.rotation_null_mean);
  al["rotation_z"] = Finite(r.alignment.rotation_z);
  al["residual_hits"] = r.alignment.residual_hits;
  al["residual_hits_log10_p"] = Finite(r.alignment.residual_hits_log10_p);
  if (!r.alignment.note.empty()) al["note"] = r.alignment.note;
  j["alignment"] = al;

  J blocks = J::array();
  for (const BlockResult& b : r.blocks) {
    J x;
    x["candidate"] = b.candidate;
    x["base"] = b.base;
    x["diagonal"] = b.diagonal;
    x["log10_p"] = Finite(b.test.log10_p);
    x["primary_test"] = b.test.primary_test;
    x["mlp"] = Units(b.test.mlp);
    if (b.test.heads) x["heads"] = Units(*b.test.heads);
    if (b.gate_up_agreement) x["gate_up_agreement"] = Finite(*b.gate_up_agreement);
    if (b.test.cka_q) x["cka_q"] = Finite(*b.test.cka_q);
    if (b.test.cka_k) x["cka_k"] = Finite(*b.test.cka_k);
    if (!b.experts.empty()) {
      J e = J::array();
      for (const ExpertMatch& m : b.experts) {
        e.push_back({{"expert", m.expert},
                     {"log10_p", Finite(m.log10_p)},
                     {"spearman_r", Finite(m.spearman_r)}});
      }
      x["experts"] = e;
    }
    blocks.push_back(x);
  }
  j["blocks"] = blocks;

  const DerivationDiagnostics& d = r.diagnostics;
  J dj;
  dj["vocab_rows"] = {d.vocab_rows_a, d.vocab_rows_b};
  dj["same_id_fraction"] = Finite(d.same_id_fraction);
  dj["residual_width"] = {d.residual_a, d.residual_b};
  dj["mlp_width"] = {d.mlp_width_a, d.mlp_width_b};
  dj["experts"] = {d.experts_a, d.experts_b};
  dj["dtype"] = {d.dtype_a, d.dtype_b};
  dj["quantized"] = {d.quantized_a, d.quantized_b};
  if (d.cast_equal_fraction) dj["cast_equal_fraction"] = Finite(*d.cast_equal_fraction);
  J lr = J::array();
  for (const LowRankDeltaResult& l : d.low_rank) {
    lr.push_back({{"tensor", l.tensor},
                  {"relative_norm", Finite(l.relative_norm)},
                  {"energy_top16", Finite(l.energy_top_r)},
                  {"rank_90", l.rank_90}});
  }
  dj["low_rank_delta"] = lr;
  j["diagnostics"] = dj;

  J tensors = J::array();
  for (const TensorComparison& t : r.tensors) {
    J x;
    x["name"] = t.name;
    x["shape"] = {t.rows, t.cols};
    x["dtype"] = {t.dtype_a, t.dtype_b};
    x["byte_identical"] = t.byte_identical;
    x["value_identical"] = t.value_identical;
    x["cosine"] = Finite(t.cosine);
    x["pearson"] = Finite(t.pearson);
    x["rel_l2"] = Finite(t.rel_l2);
    if (t.non_finite) x["non_finite"] = t.non_finite;
    if (t.cast_equal_fraction) x["cast_equal_fraction"] = Finite(*t.cast_equal_fraction);
    if (t.norm) {
      x["norm_mean_dominated"] = t.norm->mean_dominated;
      x["norm_shuffle_log10_p"] = Finite(t.norm->shuffle_log10_p);
    }
    tensors.push_back(x);
  }
  j["tensors"] = tensors;
  J f = J::array();
  for (const Finding& x : p.findings) f.push_back(FindingToJson(x));
  j["findings"] = f;
  j["non_finite_values"] = r.non_finite;
  j["notes"] = r.notes;
  return j;
}

}  // namespace lineage
