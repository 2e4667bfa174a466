#include "tokenizer/findings.h"

#include <fmt/format.h>

namespace lineage {

std::vector<Finding> TokenizerFindings(const TokenizerComparison& c) {
  Direction dir = (c.relation == Relation::kOverlapping || c.relation == Relation::kUnrelated)
                      ? Direction::kNeutral
                      : Direction::kForDerivation;
  auto make = [&](const char* test, const char* statistic, double value, std::string note) {
    Finding f;
    f.analysis = "tokenizer";
    f.test = test;
    f.component = "tokenizer";
    f.statistic = statistic;
    f.value = value;
    f.direction = dir;
    f.decisive = false;
    f.note = std::move(note);
    return f;
  };
  std::vector<Finding> out;
  out.push_back(make(
      "tokenizer_relation", "jaccard", c.jaccard,
      fmt::format("relation {}; Jaccard {:.4f}; tokenizer reuse alone is not evidence of weight "
                  "derivation",
                  RelationLabel(c.relation), c.jaccard)));
  out.push_back(
      make("tokenizer_same_id", "same_id_rate", c.same_id_rate,
           fmt::format("{} of {} shared regular tokens keep their id", c.same_id, c.shared)));
  out.push_back(make(
      "tokenizer_containment", "containment", c.containment,
      fmt::format("shared {} of min({}, {}) regular tokens", c.shared, c.a.regular, c.b.regular)));
  if (c.merges_compared) {
    out.push_back(make(
        "tokenizer_merge_order", "spearman_r", c.merge_rank_spearman,
        fmt::format("{} shared merges; identical prefix {}", c.shared_merges, c.merge_prefix)));
  }
  return out;
}

}  // namespace lineage
