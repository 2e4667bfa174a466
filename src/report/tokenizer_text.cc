#include "report/tokenizer_text.h"

#include "report/catalog.h"

namespace lineage {

std::string TokenizerExplanation(const TokenizerComparison& c, Lang lang) {
  // A subset is told from A's side (A's ids kept in B, B's extra tokens); every other relation
  // from B's side. The argument order is the one catalog_commands.cc documents.
  const bool subset = c.relation == Relation::kSubset;
  const double kept = subset ? c.a_ids_kept_in_b : c.b_ids_kept_in_a;
  const int64_t added = subset ? c.added_in_b.count : c.added_in_a.count;
  std::string key = std::string("tokenizer.explain.") + RelationLabel(c.relation);
  return Trf(lang, key, c.jaccard, 100 * c.containment, 100 * c.same_id_rate, 100 * kept, added,
             100 * c.id_order_kept) +
         " " + std::string(Tr(lang, "tokenizer.caveat"));
}

}  // namespace lineage
