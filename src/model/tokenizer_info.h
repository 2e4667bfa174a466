// TokenizerInfo: which tokenizer a model ships and how many tokens it has, found cheaply (no
// vocabulary is built; tokenizer/ owns full loading). For `lineage inspect`.
//
// Contract: sniffs the file kind from its bytes (FORMATS.md §0), never from its name; counts
// tokens only where that is cheap and exact: tokenizer.json (max id over model.vocab and
// added_tokens, + 1), SentencePiece ModelProto (number of pieces), tiktoken (lines; specials are
// not in the file), GPT-2 vocab.json (entries), GGUF (tokenizer.ggml.tokens). Bounded reads;
// errors become a `note`, never a failure of the caller. Thread-safe, no state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/model.h"

namespace lineage {

struct TokenizerInfo {
  std::string path;
  std::string kind;  // "tokenizer.json:BPE", "sentencepiece", "tiktoken", "gguf:llama", ...
  std::optional<uint64_t> vocab_size;
  std::string note;  // why vocab_size is missing, if it is
};

TokenizerInfo DescribeTokenizer(const Model& m);

}  // namespace lineage
