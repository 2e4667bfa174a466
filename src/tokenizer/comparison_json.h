// JSON rendering of a TokenizerComparison for `lineage tokenizer --json`.
//
// Contract: stable keys (scripts rely on relation, metrics.jaccard, metrics.same_id_rate,
// a.vocab_size, b.vocab_size, explanation); more keys may be added, none removed. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include "tokenizer/compare.h"
#include "tokenizer/relation_text.h"

namespace lineage {

nlohmann::json TokenizerComparisonJson(const TokenizerComparison& c, Lang lang);

}  // namespace lineage
