#include "tokenizer/comparison_json.h"

namespace lineage {
namespace {

nlohmann::json SummaryJson(const VocabSummary& s) {
  return {{"source", s.source},
          {"format", s.format},
          {"kind", s.model},
          {"vocab_size", s.vocab_size},
          {"id_space", s.id_space},
          {"regular_tokens", s.regular},
          {"byte_tokens", s.byte_tokens},
          {"merges", s.merges},
          {"merges_derived_from_ranks", s.merges_derived},
          {"byte_level", s.byte_level},
          {"byte_fallback", s.byte_fallback},
          {"has_scores", s.has_scores},
          {"has_chat_template", s.has_chat_template},
          {"pre_tokenizer", s.pre_tokenizer},
          {"normalizer", s.normalizer},
          {"digit_splitting", s.digit_splitting},
          {"specials", s.specials},
          {"notes", s.notes}};
}

nlohmann::json CoverageJson(const Coverage& c) {
  nlohmann::json scripts = nlohmann::json::object();
  for (const ScriptCount& s : c.scripts) scripts[s.script] = s.count;
  return {{"count", c.count}, {"scripts", scripts}, {"examples", c.examples}};
}

}  // namespace

nlohmann::json TokenizerComparisonJson(const TokenizerComparison& c, std::string explanation) {
  nlohmann::json m = {
      {"shared", c.shared},
      {"jaccard", c.jaccard},
      {"containment", c.containment},
      {"containment_a_in_b", c.containment_a_in_b},
      {"containment_b_in_a", c.containment_b_in_a},
      {"same_id", c.same_id},
      {"same_id_rate", c.same_id_rate},
      {"regular_aligned", c.regular_aligned},
      {"a_ids_kept_in_b", c.a_ids_kept_in_b},
      {"b_ids_kept_in_a", c.b_ids_kept_in_a},
      {"id_prefix", c.id_prefix},
      {"dominant_offset", c.dominant_offset},
      {"dominant_offset_share", c.dominant_offset_share},
      {"id_order_spearman", c.id_order_spearman},
      {"id_order_kept", c.id_order_kept},
      {"byte_tokens_shared", c.byte_tokens_shared},
      {"byte_tokens_same_id", c.byte_tokens_same_id},
      {"specials_shared", c.specials_shared},
      {"specials_only_a", c.specials_only_a},
      {"specials_only_b", c.specials_only_b},
      {"specials_identical", c.specials_only_a.empty() && c.specials_only_b.empty()},
      {"pre_tokenizer_match", c.pre_tokenizer_match},
      {"normalizer_match", c.normalizer_match},
      {"digit_splitting_differs", c.digit_splitting_differs},
      {"byte_fallback_differs", c.byte_fallback_differs},
  };
  if (c.merges_compared) {
    m["merges"] = {{"shared", c.shared_merges},
                   {"rank_spearman", c.merge_rank_spearman},
                   {"identical_prefix", c.merge_prefix},
                   {"first_1000_identical", c.first_1000_identical},
                   {"consistent", c.merges_consistent}};
  } else {
    m["merges"] = nullptr;
  }
  if (c.scores_compared) m["scores_equal_share"] = c.scores_equal_share;
  // Present only when non-empty, so that outputs without such differences stay as they were.
  if (!c.special_on_one_side.empty()) m["special_on_one_side"] = c.special_on_one_side;
  if (!c.added_only_a.empty()) m["added_tokens_only_a"] = c.added_only_a;
  if (!c.added_only_b.empty()) m["added_tokens_only_b"] = c.added_only_b;
  return {{"relation", RelationLabel(c.relation)},
          {"explanation", std::move(explanation)},
          {"deciding", c.deciding},
          {"metrics", m},
          {"added_in_a", CoverageJson(c.added_in_a)},
          {"added_in_b", CoverageJson(c.added_in_b)},
          {"a", SummaryJson(c.a)},
          {"b", SummaryJson(c.b)}};
}

}  // namespace lineage
