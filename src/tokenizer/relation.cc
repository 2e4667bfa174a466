#include "tokenizer/relation.h"

#include <fmt/format.h>

namespace lineage {
namespace {

std::string Line(const char* metric, double value, const char* op, double threshold) {
  return fmt::format("{} = {:.4f} {} {}", metric, value, op, threshold);
}

bool Identical(const TokenizerComparison& c, std::vector<std::string>* why) {
  bool ids = c.a_ids_kept_in_b == 1.0 && c.b_ids_kept_in_a == 1.0 && c.regular_aligned > 0;
  bool bytes = c.byte_tokens_same_id == c.a.byte_tokens && c.byte_tokens_same_id == c.b.byte_tokens;
  bool scores = !c.scores_compared || c.scores_equal_share >= kIdsKeptMin;
  if (!ids || !bytes || !c.merges_consistent || !scores) return false;
  why->push_back(fmt::format("a_ids_kept_in_b = b_ids_kept_in_a = 1 (regular_aligned = {})",
                             c.regular_aligned));
  why->push_back(fmt::format("byte_tokens_same_id = {} = byte_tokens", c.byte_tokens_same_id));
  if (c.merges_compared) {
    why->push_back(Line("merge_rank_spearman", c.merge_rank_spearman, ">=", kIdsKeptMin) +
                   fmt::format("; shared_merges = {}", c.shared_merges));
  }
  if (c.scores_compared)
    why->push_back(Line("scores_equal_share", c.scores_equal_share, ">=", kIdsKeptMin));
  return true;
}

}  // namespace

void ClassifyRelation(TokenizerComparison* c) {
  std::vector<std::string>& why = c->deciding;
  why.clear();
  if (Identical(*c, &why)) {
    c->relation = Relation::kIdentical;
    return;
  }
  // Ids kept: B's tokens sit at their ids in A (A extends B) or the reverse (A is a subset).
  bool b_kept = c->b_ids_kept_in_a >= kIdsKeptMin && c->b.regular > 0;
  bool a_kept = c->a_ids_kept_in_b >= kIdsKeptMin && c->a.regular > 0;
  if (b_kept && (c->a.regular >= c->b.regular || !a_kept)) {
    c->relation = Relation::kExtends;
    why.push_back(Line("b_ids_kept_in_a", c->b_ids_kept_in_a, ">=", kIdsKeptMin));
    why.push_back(
        fmt::format("added_in_a = {}; id_prefix = {}", c->added_in_a.count, c->id_prefix));
    return;
  }
  if (a_kept) {
    c->relation = Relation::kSubset;
    why.push_back(Line("a_ids_kept_in_b", c->a_ids_kept_in_b, ">=", kIdsKeptMin));
    why.push_back(fmt::format("added_in_b = {}", c->added_in_b.count));
    return;
  }
  if (c->containment >= kReindexContainmentMin &&
      (c->id_order_kept >= kReindexOrderMin || c->jaccard >= kReindexSameSetJaccard)) {
    c->relation = Relation::kReindexed;
    why.push_back(Line("containment", c->containment, ">=", kReindexContainmentMin));
    if (c->id_order_kept >= kReindexOrderMin) {
      why.push_back(Line("id_order_kept", c->id_order_kept, ">=", kReindexOrderMin));
    } else {
      why.push_back(Line("jaccard", c->jaccard, ">=", kReindexSameSetJaccard));
    }
    why.push_back(Line("same_id_rate", c->same_id_rate, "<", kIdsKeptMin));
    return;
  }
  if (c->jaccard >= kOverlapJaccardMin || c->containment >= kOverlapContainmentMin) {
    c->relation = Relation::kOverlapping;
    if (c->jaccard >= kOverlapJaccardMin)
      why.push_back(Line("jaccard", c->jaccard, ">=", kOverlapJaccardMin));
    if (c->containment >= kOverlapContainmentMin) {
      why.push_back(Line("containment", c->containment, ">=", kOverlapContainmentMin));
    }
    why.push_back(c->containment >= kReindexContainmentMin
                      ? Line("id_order_kept", c->id_order_kept, "<", kReindexOrderMin)
                      : Line("containment", c->containment, "<", kReindexContainmentMin));
    why.push_back(Line("same_id_rate", c->same_id_rate, "<", kIdsKeptMin));
    return;
  }
  c->relation = Relation::kUnrelated;
  why.push_back(Line("jaccard", c->jaccard, "<", kOverlapJaccardMin));
  why.push_back(Line("containment", c->containment, "<", kOverlapContainmentMin));
}

}  // namespace lineage
