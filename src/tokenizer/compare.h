// Tokenizer lineage: how one vocabulary relates to another (METHODS.md §6).
//
// Contract:
//   - All set and id metrics use regular tokens keyed by (canonical bytes, continuation);
//     byte tokens, specials and unused pieces are compared apart. "Regular" is decided for the
//     PAIR: a string that is special, or an added token, on either side leaves both regular
//     sets (so a token flagged special in one file only changes the specials lists, not the
//     relation). Strings with two ids in one
//     vocabulary are left out of the shared map S (METHODS.md §2.5).
//   - CompareVocabs names A's relation to B ("extends" = A extends B). The relation comes from
//     the thresholds in relation.h with the metrics that decided it; it is context, never weight
//     evidence: tokenizer reuse is common among models trained from scratch.
//   - Pure functions of their inputs; thread-safe on distinct outputs; memory O(|A| + |B| +
//     merges); single-threaded (a 256k pair with merges takes well under a second).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tokenizer/scripts.h"
#include "tokenizer/vocab.h"

namespace lineage {

enum class Relation { kIdentical, kExtends, kSubset, kReindexed, kOverlapping, kUnrelated };
// JSON label: "identical", "extends", "subset", "reindexed", "overlapping", "unrelated".
const char* RelationLabel(Relation r);

struct VocabSummary {
  std::string source;
  std::string format;
  std::string model;       // VocabModelName
  int64_t vocab_size = 0;  // every token, whatever its kind
  int64_t id_space = 0;
  int64_t regular = 0;  // distinct regular keys
  int64_t byte_tokens = 0;
  int64_t merges = 0;
  bool merges_derived = false;
  bool byte_level = false;
  bool byte_fallback = false;
  bool has_scores = false;
  bool has_chat_template = false;
  std::string pre_tokenizer;
  std::string normalizer;
  std::string digit_splitting;
  std::vector<std::string> specials;  // surfaces, in id order
  std::vector<std::string> notes;     // Vocab::notes
};

struct Coverage {
  int64_t count = 0;                  // regular tokens of this side absent from the other
  std::vector<ScriptCount> scripts;   // by script, largest first
  std::vector<std::string> examples;  // a few, in id order, as UTF-8 (invalid bytes escaped)
};

struct TokenizerComparison {
  VocabSummary a, b;

  // Set metrics over regular tokens.
  int64_t shared = 0;
  double jaccard = 0;
  double containment_a_in_b = 0;  // shared / |A|
  double containment_b_in_a = 0;  // shared / |B|
  double containment = 0;         // shared / min(|A|, |B|)

  // Id metrics over S.
  int64_t same_id = 0;
  double same_id_rate = 0;      // same_id / |S|
  int64_t regular_aligned = 0;  // regular tokens at the same id with the same key in both
  double a_ids_kept_in_b = 0;   // regular_aligned / A's regular tokens
  double b_ids_kept_in_a = 0;   // regular_aligned / B's regular tokens
  int64_t id_prefix = 0;        // ids 0..k-1 hold the same token in both (any kind)
  int64_t dominant_offset = 0;  // most common id_B - id_A over S
  double dominant_offset_share = 0;
  double id_order_spearman = 0;  // rank correlation of id_A and id_B over S
  double id_order_kept = 0;      // longest order-preserving subsequence of S / |S|
  int64_t byte_tokens_shared = 0;
  int64_t byte_tokens_same_id = 0;

  // Merge metrics (when both sides have merges).
  bool merges_compared = false;
  int64_t shared_merges = 0;
  double merge_rank_spearman = 0;   // over shared merges
  int64_t merge_prefix = 0;         // identical leading merges
  double first_1000_identical = 0;  // share of the first min(1000, ...) merges identical in place
  bool merges_consistent = true;    // see relation.h
  // SentencePiece-style scores (when both sides have them).
  bool scores_compared = false;
  double scores_equal_share = 0;  // same-id regular tokens with equal scores

  // Specials and text pipeline.
  std::vector<std::string> specials_only_a, specials_only_b;
  int64_t specials_shared = 0;
  // Named differences reported beside the relation, never deciding it: tokens special in one
  // file and regular in the other (surfaces), and added non-special tokens (tokenizer.json
  // added_tokens outside the model's vocabulary) that the other side lacks.
  std::vector<std::string> special_on_one_side;
  std::vector<std::string> added_only_a, added_only_b;
  std::string pre_tokenizer_match;  // "same", "different", "unknown"
  std::string normalizer_match;     // "same", "different", "unknown"
  bool digit_splitting_differs = false;
  bool byte_fallback_differs = false;

  // What each side has that the other lacks.
  Coverage added_in_a, added_in_b;

  Relation relation = Relation::kUnrelated;
  // The metrics behind the relation, as language-neutral notation over the JSON metric names
  // ("b_ids_kept_in_a = 0.9990 >= 0.98"): printed as-is in every language.
  std::vector<std::string> deciding;
};

TokenizerComparison CompareVocabs(const Vocab& a, const Vocab& b);

// METHODS.md §2.5: pairs (id_a, id_b) of regular tokens present in both, without strings that
// have two ids in either vocabulary; sorted by id_a.
std::vector<std::pair<int64_t, int64_t>> SharedTokenMap(const Vocab& a, const Vocab& b);

}  // namespace lineage
