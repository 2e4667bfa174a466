// JSON rendering of a TokenizerComparison for `lineage tokenizer --json`.
//
// Contract: stable keys (scripts rely on relation, metrics.jaccard, metrics.same_id_rate,
// a.vocab_size, b.vocab_size, explanation); more keys may be added, none removed. Pure.
// `explanation` is the caller's plain-language line in the reader's language (the tokenizer
// module holds no user-facing text; report/tokenizer_text.h renders it from the catalog).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include "tokenizer/compare.h"

namespace lineage {

nlohmann::json TokenizerComparisonJson(const TokenizerComparison& c, std::string explanation);

}  // namespace lineage
