// GPT-2's two-file tokenizer (FORMATS.md §5.4): HF `vocab.json` + `merges.txt`, or OpenAI's
// original `encoder.json` + `vocab.bpe` (the same content under other names).
//
// Contract: the vocabulary is {token in GPT-2's byte alphabet: id}; merges are "a b" lines after
// an optional "#version" line, rank = order. Errors name the file (and line/offset for merges):
// malformed JSON, duplicate tokens or ids, a merge line that is not two tokens, a merge naming a
// token missing from the vocabulary. The format cannot mark special tokens, so a multi-byte token
// that no merge produces (BPE can never emit it, e.g. <|endoftext|>) is classed special.
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "tokenizer/vocab.h"

namespace lineage {

Result<Vocab> ParseGpt2Files(std::string_view vocab_json, const std::string& vocab_name,
                             std::string_view merges_text, const std::string& merges_name);
Result<Vocab> LoadGpt2Files(const std::string& vocab_path, const std::string& merges_path);

}  // namespace lineage
