// Sub-models inside `lineage compare` (METHODS.md §8): a vision, audio or projector tower is a
// model of its own, so it gets the same weight analysis as the language trunk, against the base's
// tower of the same kind, and its findings are attributed to that component ("vision", ...). The
// verdict (verdict/decide) then localises derivation: a copied or fine-tuned tower beside an
// independent trunk is `derived` with `component-reuse`; a shared trunk beside a fresh tower shows
// the tower independent or inconclusive.
//
// Contract:
//   - ComponentView presents one component of a WeightSource as if it were the trunk (keys with
//     component "trunk" map to the wrapped component; layers = that component's blocks; heads =
//     the component's own count when the config states it (vision_config ...), else unknown, and
//     towers are multi-head without grouped KV). Every WeightSource query is forwarded through
//     the key map (weights/source/key_map_view.h), so the per-tensor fast path
//     (StoredIsCanonical) works on towers as on the trunk. It borrows the wrapped source; thread
//     safety is the wrapped source's.
//   - AnalyzeSubmodels runs AnalyzeWeights on every non-trunk component both models have (no
//     shared-token alignment: towers have no token embedding, so the residual basis is taken as
//     is, which the analysis states, and S2 probes that basis). Gated and ungated (CLIP / SigLIP
//     fc1/fc2) MLPs are both analysed (block_tests.h). A component on one side only is listed
//     as not compared.
//     A tower that cannot be analysed (e.g. a projector with no blocks) is listed as not compared
//     with the reason; it is never an error of the whole run. Deterministic in options.seed.
//     Towers are read whole (SamplingMode::kFull, no stop rule): sequential reading and its
//     record describe the trunk (METHODS §10.8).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "evidence/compare_result.h"
#include "evidence/finding.h"
#include "util/thread_pool.h"
#include "weights/pair/pair_analysis.h"
#include "weights/source/key_map_view.h"
#include "weights/source/weight_source.h"

namespace lineage {

class ComponentView : public KeyMapView {
 public:
  ComponentView(const WeightSource& inner, std::string component);
  const WeightLayout& layout() const override { return layout_; }
  std::vector<TensorKey> Keys() const override;

 private:
  // The wrapped key for a trunk key; component keys of other kinds map to nothing.
  std::optional<TensorKey> ToInner(const TensorKey& key) const override;

  std::string component_;
  WeightLayout layout_;
};

struct SubmodelOutcome {
  std::vector<Finding> findings;               // component = the tower's name
  std::vector<ComponentVerdict> not_compared;  // towers on one side only, or not analysable
  std::vector<std::string> compared;           // towers analysed on both sides
  // The analysis's notes per tower, prefixed "<tower>: " (limitations of the comparison).
  std::vector<std::string> notes;
  // Camouflage labels (camouflaged-permutation, ...) found in each tower: derivation types of
  // the pair only if that tower is judged derived (ApplySubmodelDerivations, after DecidePair).
  std::map<std::string, std::vector<std::string>> camouflage;
};

// Adds outcome.camouflage of every tower the decided pair judges derived to pair->derivation.
void ApplySubmodelDerivations(const SubmodelOutcome& outcome, PairResult* pair);

SubmodelOutcome AnalyzeSubmodels(const WeightSource& candidate, const WeightSource& base,
                                 ThreadPool& pool, const WeightsOptions& options);

}  // namespace lineage
