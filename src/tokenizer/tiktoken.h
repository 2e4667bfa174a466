// tiktoken rank files (FORMATS.md §5.3): "<base64 bytes> <rank>" per line, rank = id = merge
// priority. Also Meta's Llama-3/4 `tokenizer.model`, which uses the same format.
//
// Contract: strict line grammar (one space, canonical base64, a decimal rank); errors name the
// file, the line and the byte offset; duplicate tokens and ranks are rejected. Special tokens
// are not in these files. Merges are reconstructed from the ranks (DeriveMergesFromRanks) and
// flagged `merges_derived`. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "tokenizer/vocab.h"

namespace lineage {

Result<Vocab> ParseTiktoken(std::string_view text, const std::string& name);

// For a byte-level BPE whose merges are implied by its ranks: each multi-byte token is the merge
// of the two parts that rank-ordered BPE over its bytes ends with, using only lower ranks. This is
// how tiktoken vocabularies are converted to merge lists. Tokens that cannot be built from lower
// ranks yield no merge. Fills v->merges in rank order and sets merges_derived.
void DeriveMergesFromRanks(Vocab* v);

}  // namespace lineage
