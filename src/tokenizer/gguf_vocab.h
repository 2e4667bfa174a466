// Vocabulary from GGUF `tokenizer.ggml.*` metadata (FORMATS.md §2.2). The GGUF file itself is
// read by format/gguf.h; this only interprets the key/values it produced.
//
// Contract: `tokens` must be a string array; `scores`, `token_type` (when present) must have the
// same length; errors are Corrupt naming `name` and the key. Spelling follows
// `tokenizer.ggml.model`: "llama" (SentencePiece ▁ and <0xNN>), "gpt2" (byte alphabet, merges as
// "a b"), "bert" (word-initial pieces marked with ▁, continuations bare), "t5" (Unigram).
// Thread-safe.
#pragma once

#include <string>

#include "format/metadata.h"
#include "tokenizer/vocab.h"

namespace lineage {

Result<Vocab> VocabFromGgufMetadata(const Metadata& meta, const std::string& name);

}  // namespace lineage
