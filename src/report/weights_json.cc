#include "report/weights_json.h"

#include "report/evidence_json.h"

namespace lineage {

namespace {

using J = nlohmann::ordered_json;

J Units(const UnitIdentityResult& u) {
  J j;
  j["h_candidate"] = u.h_a;
  j["h_base"] = u.h_b;
  if (u.hit_test_valid) {
    j["hits"] = u.hits;
    j["sampled"] = u.sampled_m;
    j["hits_log10_p"] = JsonNumber(u.hit_log10_p);
  }
  if (u.lap_done) {
    j["spearman_r"] = JsonNumber(u.spearman_r);
    j["spearman_log10_p"] = JsonNumber(u.spearman_log10_p);
    j["spearman_null"] = u.spearman_null;
    j["matched_cosine"] = JsonNumber(u.matched_cosine);
    j["matched_cosine_z"] = JsonNumber(u.matched_cosine_z);
  }
  return j;
}

// The decision: verdict, reason, derivation, ancestry, the exact p and the strongest findings.
void PutDecision(const PairResult& p, J* j) {
  (*j)["schema_version"] = kWeightsJsonVersion;
  (*j)["verdict"] = VerdictName(p.verdict);
  (*j)["reason"] = p.reason;
  (*j)["derivation"] = p.derivation;
  (*j)["ancestry"] = AncestryName(p.ancestry.ancestry);
  (*j)["ancestry_reason"] = p.ancestry.reason;
  J evidence = J::array();
  for (const AncestryEvidence& e : p.ancestry.evidence) evidence.push_back(AncestryEvidenceJson(e));
  (*j)["ancestry_evidence"] = evidence;
  // The exact test's log10 p after Bonferroni over every exact test (0 when none ran).
  (*j)["log10_p"] = JsonNumber(p.log10_p_adjusted.value_or(0.0));
  (*j)["log10_p_raw"] = JsonNumber(p.log10_p_exact.value_or(0.0));
  if (p.log10_bf_cap) (*j)["log10_bayes_factor_cap"] = JsonNumber(*p.log10_bf_cap);
  if (p.strongest_for) (*j)["strongest_for"] = FindingJson(*p.strongest_for, Keys::kPresent);
  if (p.strongest_against)
    (*j)["strongest_against"] = FindingJson(*p.strongest_against, Keys::kPresent);
}

J RobustJson(const std::vector<RobustScore>& scores) {
  J robust = J::array();
  for (const RobustScore& s : scores) {
    J x = RobustScoreJson(s);
    x["calibrated"] = s.panel_source.empty()
                          ? "calibrated against seeded random-init replicas, not exact"
                          : "calibrated against a panel of trained independent pairs, not exact";
    robust.push_back(x);
  }
  return robust;
}

// HuRef and gate/up agreement, when they ran.
void PutInvariants(const WeightsResult& r, J* j) {
  if (r.huref) {
    J h;
    h["score"] = JsonNumber(r.huref->score);
    h["panel"] = r.huref->panel;
    if (r.huref->cos_f) h["mlp_cosine"] = JsonNumber(*r.huref->cos_f);
    h["blocks"] = r.huref->blocks;
    h["probes"] = r.huref->probes;
    (*j)["huref"] = h;
  }
  if (r.gate_up_agreement) {
    (*j)["gate_up"] = {{"agreement", JsonNumber(*r.gate_up_agreement)}, {"panel", r.gate_up_panel}};
    if (r.gate_up_interval) {
      (*j)["gate_up"]["interval"] = {JsonNumber(r.gate_up_interval->first),
                                     JsonNumber(r.gate_up_interval->second)};
    }
  }
}

J ComponentsJson(const std::vector<ComponentVerdict>& components) {
  J comps = J::array();
  for (const ComponentVerdict& c : components)
    comps.push_back(ComponentVerdictJson(c, Keys::kPresent));
  return comps;
}

// `block_map` (the matched path) and `block_map_detail` (the whole matrix).
void PutBlockMap(const BlockMap& m, J* j) {
  J path = J::array();
  for (const BlockPair& p : m.path) path.push_back(BlockPairJson(p));
  (*j)["block_map"] = path;
  J bm;
  bm["blocks_candidate"] = m.blocks_a;
  bm["blocks_base"] = m.blocks_b;
  bm["log10_threshold"] = JsonNumber(m.log10_threshold);
  bm["restarts"] = m.restarts;
  bm["unmatched_candidate"] = m.unmatched_candidate;
  bm["skipped_base"] = m.skipped_base;
  J matrix = J::array();
  for (int i = 0; i < m.blocks_a; ++i) {
    J row = J::array();
    for (int k = 0; k < m.blocks_b; ++k) row.push_back(JsonNumber(m.at(i, k)));
    matrix.push_back(row);
  }
  bm["log10_p"] = matrix;
  (*j)["block_map_detail"] = bm;
}

J AlignmentJson(const ResidualAlignment& a) {
  J al;
  al["transform"] = AlignmentKindName(a.kind);
  al["shared_rows"] = a.shared_rows;
  al["score_identity"] = JsonNumber(a.score_identity);
  al["score_permutation"] = JsonNumber(a.score_permutation);
  al["score_rotation"] = JsonNumber(a.score_rotation);
  al["rotation_null_mean"] = JsonNumber(a.rotation_null_mean);
  al["rotation_z"] = JsonNumber(a.rotation_z);
  al["residual_hits"] = a.residual_hits;
  al["residual_hits_log10_p"] = JsonNumber(a.residual_hits_log10_p);
  if (!a.note.empty()) al["note"] = a.note;
  return al;
}

J BlockJson(const BlockResult& b) {
  J x;
  x["candidate"] = b.candidate;
  x["base"] = b.base;
  x["diagonal"] = b.diagonal;
  x["log10_p"] = JsonNumber(b.test.log10_p);
  x["primary_test"] = b.test.primary_test;
  x["mlp"] = Units(b.test.mlp);
  if (b.test.heads) x["heads"] = Units(*b.test.heads);
  if (b.gate_up_agreement) x["gate_up_agreement"] = JsonNumber(*b.gate_up_agreement);
  if (b.test.gate_up) x["gate_up_units"] = b.test.gate_up->units_tested;
  if (b.test.cka_q) x["cka_q"] = JsonNumber(*b.test.cka_q);
  if (b.test.cka_k) x["cka_k"] = JsonNumber(*b.test.cka_k);
  if (!b.experts.empty()) {
    J e = J::array();
    for (const ExpertMatch& m : b.experts) {
      e.push_back({{"expert", m.expert},
                   {"log10_p", JsonNumber(m.log10_p)},
                   {"spearman_r", JsonNumber(m.spearman_r)}});
    }
    x["experts"] = e;
  }
  return x;
}

J DiagnosticsJson(const DerivationDiagnostics& d) {
  J dj;
  dj["vocab_rows"] = {d.vocab_rows_a, d.vocab_rows_b};
  dj["same_id_fraction"] = JsonNumber(d.same_id_fraction);
  dj["residual_width"] = {d.residual_a, d.residual_b};
  dj["mlp_width"] = {d.mlp_width_a, d.mlp_width_b};
  dj["experts"] = {d.experts_a, d.experts_b};
  dj["dtype"] = {d.dtype_a, d.dtype_b};
  dj["quantized"] = {d.quantized_a, d.quantized_b};
  if (d.cast_equal_fraction) dj["cast_equal_fraction"] = JsonNumber(*d.cast_equal_fraction);
  J lr = J::array();
  for (const LowRankDeltaResult& l : d.low_rank) {
    lr.push_back({{"tensor", l.tensor},
                  {"relative_norm", JsonNumber(l.relative_norm)},
                  {"energy_top16", JsonNumber(l.energy_top_r)},
                  {"rank_90", l.rank_90}});
  }
  dj["low_rank_delta"] = lr;
  return dj;
}

J TensorJson(const TensorComparison& t) {
  J x;
  x["name"] = t.name;
  x["shape"] = {t.rows, t.cols};
  x["dtype"] = {t.dtype_a, t.dtype_b};
  x["byte_identical"] = t.byte_identical;
  x["value_identical"] = t.value_identical;
  x["cosine"] = JsonNumber(t.cosine);
  x["pearson"] = JsonNumber(t.pearson);
  x["rel_l2"] = JsonNumber(t.rel_l2);
  if (t.non_finite) x["non_finite"] = t.non_finite;
  // Sampled reading (METHODS §3): the identity and the moments describe this many elements.
  if (t.compared < t.rows * t.cols) x["compared_elements"] = t.compared;
  if (t.cast_equal_fraction) x["cast_equal_fraction"] = JsonNumber(*t.cast_equal_fraction);
  if (t.norm) {
    x["norm_mean_dominated"] = t.norm->mean_dominated;
    x["norm_shuffle_log10_p"] = JsonNumber(t.norm->shuffle_log10_p);
  }
  return x;
}

}  // namespace

J WeightsResultToJson(const WeightsResult& r, const PairResult& p) {
  J j;
  PutDecision(p, &j);
  j["h0"] = r.h0;
  j["scope"] = r.scope;
  j["robust"] = RobustJson(p.robust);
  PutInvariants(r, &j);
  j["power"] = PowerJson(p.power);
  j["sampling"] = SamplingJson(p.sampling);
  j["components"] = ComponentsJson(p.components);
  PutBlockMap(r.block_map, &j);
  j["alignment"] = AlignmentJson(r.alignment);
  J blocks = J::array();
  for (const BlockResult& b : r.blocks) blocks.push_back(BlockJson(b));
  j["blocks"] = blocks;
  j["diagnostics"] = DiagnosticsJson(r.diagnostics);
  J tensors = J::array();
  for (const TensorComparison& t : r.tensors) tensors.push_back(TensorJson(t));
  j["tensors"] = tensors;
  J f = J::array();
  for (const Finding& x : p.findings) f.push_back(FindingJson(x, Keys::kPresent));
  j["findings"] = f;
  j["non_finite_values"] = r.non_finite;
  j["notes"] = r.notes;
  return j;
}

J WeightsPairJson(const WeightsPairDecision& d) {
  J j = WeightsResultToJson(d.run.result, d.pair);
  j["panel"] = d.panel_sources.empty() ? J(nullptr) : J(d.panel_sources);
  J models;
  for (const ModelRef* m : {&d.candidate, &d.base}) {
    J x = {{"path", m->path}};
    const J reading = ReadingJson(*m);  // named: outlives the loop
    for (const auto& [key, value] : reading.items()) x[key] = value;
    models[m == &d.candidate ? "candidate" : "base"] = x;
  }
  j["models"] = models;
  return j;
}

}  // namespace lineage
