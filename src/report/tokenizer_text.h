// The plain-language line that explains a tokenizer relation (METHODS.md §6), rendered from the
// catalog (report/catalog.h) in the reader's language.
//
// Contract: pure; thread-safe. The line names the relation and the numbers behind it, and ends
// with the caveat that tokenizer reuse alone does not show weight derivation.
#pragma once

#include <string>

#include "tokenizer/compare.h"
#include "util/lang.h"

namespace lineage {

std::string TokenizerExplanation(const TokenizerComparison& c, Lang lang);

}  // namespace lineage
