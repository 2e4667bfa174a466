// Every user-facing sentence of the tokenizer analysis, in English and Korean, in one table
// keyed by relation (and a few labels for the CLI summary). The report module's i18n catalog
// will absorb this table; until then it is the single place to edit wording.
//
// Contract: pure functions; thread-safe; every explanation ends with the caveat that tokenizer
// reuse alone does not show weight derivation.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tokenizer/compare.h"
#include "util/lang.h"

namespace lineage {


// One plain-language line naming the relation, the numbers behind it, and the caveat.
std::string RelationExplanation(const TokenizerComparison& c, Lang lang);
// The caveat on its own.
std::string TokenizerCaveat(Lang lang);

// Labels for the CLI summary: "relation", "vocab_size", "shared", "same_id_rate", "merges",
// "specials", "added", "pre_tokenizer", "deciding", "none", "notes". Unknown keys return the key.
std::string Label(std::string_view key, Lang lang);

}  // namespace lineage
