#include "compare/submodels.h"

#include <algorithm>
#include <set>

#include "weights/align/shared_tokens.h"
#include "weights/pair/pair_evidence.h"

namespace lineage {

ComponentView::ComponentView(const WeightSource& inner, std::string component)
    : KeyMapView(inner), component_(std::move(component)) {
  layout_ = inner.layout();
  int layers = 0;
  for (const TensorKey& k : inner.Keys()) {
    if (k.component == component_ && k.layer >= 0) layers = std::max(layers, k.layer + 1);
  }
  layout_.num_layers = layers;
  // The config's top-level head counts describe the trunk; the tower's own count, when stated.
  auto heads = inner.layout().component_heads.find(component_);
  layout_.num_heads = heads == inner.layout().component_heads.end() ? 0 : heads->second;
  layout_.num_kv_heads = layout_.num_heads;
  layout_.component_heads.clear();
  layout_.tied_embeddings = false;
  layout_.components = {"trunk"};
}

std::optional<TensorKey> ComponentView::ToInner(const TensorKey& key) const {
  if (key.component != "trunk") return std::nullopt;
  TensorKey k = key;
  k.component = component_;
  return k;
}

std::vector<TensorKey> ComponentView::Keys() const {
  std::vector<TensorKey> out;
  for (TensorKey k : inner().Keys()) {
    if (k.component != component_) continue;
    k.component = "trunk";
    out.push_back(k);
  }
  return out;
}

SubmodelOutcome AnalyzeSubmodels(const WeightSource& cand, const WeightSource& base,
                                 ThreadPool& pool, const WeightsOptions& options) {
  SubmodelOutcome out;
  const auto& ca = cand.layout().components;
  const auto& cb = base.layout().components;
  std::set<std::string> all(ca.begin(), ca.end());
  all.insert(cb.begin(), cb.end());
  for (const std::string& c : all) {
    if (c == "trunk") continue;
    const bool in_a = std::find(ca.begin(), ca.end(), c) != ca.end();
    const bool in_b = std::find(cb.begin(), cb.end(), c) != cb.end();
    if (!in_a || !in_b) {
      out.not_compared.push_back(
          {c, "not-compared", std::nullopt,
           in_a ? "only the candidate has this component" : "only the base has this component"});
      continue;
    }
    ComponentView va(cand, c), vb(base, c);
    if (va.layout().num_layers == 0 || vb.layout().num_layers == 0) {
      out.not_compared.push_back(
          {c, "not-compared", std::nullopt, "no blocks to test (per-tensor identity only)"});
      continue;
    }
    WeightsOptions o = options;
    o.per_tensor = false;  // the trunk's pass already compared every tensor, towers included
    o.progress = false;
    o.progress_sink = {};
    // Towers are read whole: the pair's sampling record and stop rule describe its trunk.
    o.sampling = SequentialOptions();
    o.sampling.mode = SamplingMode::kFull;
    Result<WeightsResult> w = AnalyzeWeights(va, vb, AssumeSameIds(0, 0, 0), pool, o);
    if (!w.ok()) {
      out.not_compared.push_back({c, "not-compared", std::nullopt, w.status().message()});
      continue;
    }
    out.compared.push_back(c);
    for (const std::string& n : w->notes) out.notes.push_back(c + ": " + n);
    for (const std::string& label : DerivationTypes(*w)) {
      if (label.rfind("camouflaged-", 0) == 0) out.camouflage[c].push_back(label);
    }
    for (Finding f : WeightsFindings(*w)) {
      // Attribute every statistic to the tower: the verdict is per component.
      if (!f.component.empty() && f.component != "trunk")
        f.note = f.component + (f.note.empty() ? "" : "; " + f.note);
      f.component = c;
      out.findings.push_back(std::move(f));
    }
  }
  return out;
}

void ApplySubmodelDerivations(const SubmodelOutcome& outcome, PairResult* pair) {
  if (pair->verdict != Verdict::kDerived) return;
  for (const ComponentVerdict& cv : pair->components) {
    auto it = outcome.camouflage.find(cv.name);
    if (it == outcome.camouflage.end() || cv.verdict != VerdictName(Verdict::kDerived)) continue;
    for (const std::string& label : it->second) {
      if (std::find(pair->derivation.begin(), pair->derivation.end(), label) ==
          pair->derivation.end()) {
        pair->derivation.push_back(label);
      }
    }
  }
}

}  // namespace lineage
