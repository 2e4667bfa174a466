// Ancestry: which of two models that share trained weights came first, and the evidence for it.
// Shared weights show relatedness, never direction; a direction needs evidence that only one
// order explains (a vocabulary or depth that one side extends, one side a lower-precision image
// of the other, a training trajectory that starts at the base). Filled by verdict/ancestry.h from
// the pair's evidence; separate from Finding::direction (for/against derivation).
//
// Contract: plain values, copyable, thread-compatible. Numbers are as measured (no rounding).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lineage {

enum class Ancestry { kUnknown, kCandidateFromBase, kBaseFromCandidate, kCommonAncestor };
// JSON ids: "unknown", "candidate_from_base", "base_from_candidate", "common_ancestor".
const char* AncestryName(Ancestry a);
// The same relation seen with candidate and base swapped.
Ancestry MirrorAncestry(Ancestry a);

// One piece of ancestry evidence: a catalog id ("ancestry.evidence.<kind>") and the numbers it
// rests on, named as in the JSON.
struct AncestryEvidence {
  std::string id;
  Ancestry points_to = Ancestry::kUnknown;  // the relation this item alone supports
  std::vector<std::pair<std::string, double>> numbers;
};

struct AncestryStatement {
  Ancestry ancestry = Ancestry::kUnknown;
  std::string reason;  // catalog id "ancestry.reason.<...>": why this ancestry, in a sentence
  std::vector<AncestryEvidence> evidence;  // every direction-bearing item, agreeing or not
};

// What each side of a weights comparison has, as measured by the weights analysis, in a form
// that does not depend on which side is the candidate (verdict/ancestry.h reads it both ways).
struct SideStructure {
  int64_t embed_rows = 0;
  int64_t mlp_width = 0;
  int64_t residual = 0;
  int experts = 0;
  std::string dtype;  // majority dtype of the matrices
  bool quantized = false;
};

struct PairStructure {
  SideStructure candidate, base;
  double same_id_fraction = 0;    // shared tokens with equal ids (embedding alignment)
  bool same_ids_assumed = false;  // no tokenizer: rows paired by id, the fraction says nothing
  // Mean fraction of elements equal after rounding both sides to the narrower float dtype, over
  // the tensors where the dtypes differ (weights/statistics/cast_equivalence.h).
  std::optional<double> cast_equal_fraction;
  int experts_matching_dense = 0;  // candidate experts that hit the base's dense FFN (exact S1)
};

}  // namespace lineage
