// tiktoken rank files (FORMATS.md §5.3): "<base64 bytes> <rank>" per line, rank = id = merge
// priority. Also Meta's Llama-3/4 `tokenizer.model`, which uses the same format.
//
// Contract: strict line grammar (one space, canonical base64, a decimal rank); errors name the
// file, the line and the byte offset; duplicate tokens and ranks are rejected. A base64 field of
// bare padding ("=", Whisper's multilingual.tiktoken) is the empty token, as Python's tiktoken
// reads it: kept as kUnused, with a note. Special tokens
// are not in these files. Merges are reconstructed from the ranks (DeriveMergesFromRanks) and
// flagged `merges_derived`. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "tokenizer/vocab.h"

namespace lineage {

Result<Vocab> ParseTiktoken(std::string_view text, const std::string& name);

// A tiktoken encoding as JSON ({"bpe_ranks": "<rank lines>", "special_tokens": {name: id},
// "pat_str": regex}: tiktoken/lite's form, as in Claude v1's claude.json). bpe_ranks lines are
// "<base64> <rank>" or the compressed "<marker> <first rank> <base64> <base64>..." (consecutive
// ranks). Specials become kSpecial tokens, pat_str the pre_tokenizer; a bpe_ranks that is not a
// string is kUnsupported, with a message that says so. format = "tiktoken-json".
Result<Vocab> ParseTiktokenJson(std::string_view text, const std::string& name);

// For a byte-level BPE whose merges are implied by its ranks: each multi-byte token is the merge
// of the two parts that rank-ordered BPE over its bytes ends with, using only lower ranks. This is
// how tiktoken vocabularies are converted to merge lists. Tokens that cannot be built from lower
// ranks yield no merge. Fills v->merges in rank order and sets merges_derived.
void DeriveMergesFromRanks(Vocab* v);

}  // namespace lineage
