// Context summaries: what the tokenizer (METHODS §6) and architecture (METHODS §7) analyses say
// about a pair. Context, never weight evidence: the decision ignores them. Plain values,
// thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "evidence/script_count.h"

namespace lineage {

// Tokenizer lineage (METHODS §6).
struct TokenizerSummary {
  std::string relation;  // identical | extends | subset | reindexed | overlapping | unrelated
  int candidate_vocab = 0;
  int base_vocab = 0;
  int shared_tokens = 0;  // |A ∩ B| over regular tokens
  double jaccard = 0;
  double containment = 0;
  double same_id_rate = 0;                       // over A ∩ B
  std::vector<ScriptCount> added_token_scripts;  // tokens only in the candidate, by script
};

struct ArchDifference {
  std::string field;  // normalised field name, e.g. "rope_theta"
  std::string candidate;
  std::string base;
};

struct RareSharedValue {
  std::string field;
  std::string value;
  int catalog_models = 0;   // configs in the catalog that have this field
  int catalog_matches = 0;  // of those, how many share this value
};

// Architecture lineage (METHODS §7).
struct ArchitectureSummary {
  bool identical = false;
  std::vector<ArchDifference> differences;
  std::vector<RareSharedValue> rare_shared;
};

}  // namespace lineage
