// Hugging Face tokenizer.json loader (FORMATS.md §5.1): BPE (merges as "a b" strings or [a, b]
// pairs), Unigram, WordPiece, WordLevel; byte-level or SentencePiece-style (▁, <0xNN>) tokens;
// added_tokens; normalizer and pre-tokenizer descriptions.
//
// Contract: parses with simdjson (depth-bounded), never throws, never trusts a count from the
// file for allocation beyond what the parsed text holds. Errors are Corrupt(...) naming `name`:
// malformed JSON (with the byte offset), duplicate tokens or ids, merges that are neither "a b"
// strings nor pairs, or that name tokens missing from the vocabulary, tokens outside the byte
// alphabet in a byte-level vocabulary. Thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>

#include "tokenizer/vocab.h"

namespace lineage {

// Parses the text of a tokenizer.json; `name` is the file name used in errors and Vocab::source.
Result<Vocab> ParseHfTokenizerJson(std::string_view text, const std::string& name);
// As above; `padded` promises simdjson::SIMDJSON_PADDING readable bytes after the text, which
// saves a copy of the text.
Result<Vocab> ParseHfTokenizerJson(std::string_view text, const std::string& name, bool padded);
// Reads a tokenizer.json, gzip-compressed or not (detected by magic).
Result<Vocab> LoadHfTokenizerJson(const std::string& path);

}  // namespace lineage
