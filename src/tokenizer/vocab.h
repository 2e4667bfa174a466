// Vocab: one tokenizer, whatever file it came from, with every token as canonical bytes.
//
// Contract:
//   - tokens[i].id == i is NOT assumed: ids may have gaps; `tokens` is sorted by id and ids are
//     unique (loaders reject duplicates). Canonical bytes follow METHODS.md §2.5: byte-level BPE
//     characters are mapped back to bytes, SentencePiece "▁" becomes 0x20, <0xNN> becomes a byte
//     token, tiktoken is base64-decoded, WordPiece "##" is stripped and marked as continuation.
//   - merges are in rank order, each as a pair of canonical byte strings (tokenizer/merge_list.h).
//   - Plain value; loaders and comparisons are thread-safe on distinct objects.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tokenizer/merge_list.h"
#include "util/status.h"

namespace lineage {

// Ids at or above this bound are refused as corrupt: no real vocabulary comes near 16.7M tokens,
// and ids size embedding tables, so a hostile id must not drive allocation.
constexpr int64_t kMaxTokenId = int64_t{1} << 24;

// kByte: a byte-fallback piece ("<0xNN>") or, in byte-level BPE and tiktoken vocabularies, a
// token of exactly one byte. kSpecial: control/unknown pieces and special added tokens.
enum class TokenKind : uint8_t { kRegular, kByte, kSpecial, kUnused };
const char* TokenKindName(TokenKind k);

struct Token {
  int64_t id = 0;
  std::string bytes;    // canonical bytes (for kByte: exactly one byte)
  std::string surface;  // as written in the file (for display)
  TokenKind kind = TokenKind::kRegular;
  bool continuation = false;  // WordPiece "##" pieces
  // Listed in tokenizer.json's added_tokens and absent from the model's own vocabulary (special
  // or not): comparisons keep it out of the regular set of the pair (tokenizer/compare.h).
  bool added = false;
  std::optional<float> score;  // SentencePiece / GGUF scores
};

enum class VocabModel { kUnknown, kBpe, kUnigram, kWordPiece, kWordLevel, kTiktokenBpe };
const char* VocabModelName(VocabModel m);

struct Vocab {
  std::string source;  // file(s) it was loaded from
  std::string
      format;  // "tokenizer.json", "sentencepiece", "tiktoken", "gpt2-files", "gguf", "llama2c"
  VocabModel model = VocabModel::kUnknown;
  std::vector<Token> tokens;  // sorted by id
  MergeList merges;           // rank order, canonical bytes
  bool byte_level = false;    // GPT-2 byte alphabet
  bool byte_fallback = false;
  std::string pre_tokenizer;  // canonical description (regexes, splitting rules)
  std::string normalizer;     // canonical description
  std::optional<std::string> chat_template;
  std::string trainer_spec;  // SentencePiece trainer spec summary, if any
  // Added after the first contract: merges reconstructed from tiktoken ranks rather than read.
  bool merges_derived = false;
  // Digit handling of the pre-tokenizer: "single", "groups of 1-3", "none", or "" if unknown.
  std::string digit_splitting;
  // Named special roles from configs/metadata: "bos" -> "<s>", "eos" -> "</s>", ...
  std::map<std::string, std::string> special_roles;
  // Non-fatal observations while loading (a side file disagreeing with the tokenizer, ...).
  std::vector<std::string> notes;

  size_t size() const { return tokens.size(); }
  // Largest id + 1 (the embedding rows a model needs).
  int64_t id_space() const;
  // Id of the regular token with these canonical bytes, if present and unambiguous.
  std::optional<int64_t> FindRegular(const std::string& bytes) const;
};

// Loads a tokenizer from a file in any supported format or from a model directory (whatever it
// contains: tokenizer.json, tokenizer.model, vocab.json+merges.txt, *.tiktoken, GGUF metadata,
// llama2.c tokenizer.bin; plus tokenizer_config.json / special_tokens_map.json /
// added_tokens.json).
Result<Vocab> LoadVocab(const std::string& path);

// Sorts `v->tokens` by id and enforces the contract: ids in [0, kMaxTokenId), no id twice, and
// one byte for kByte tokens. Errors name `file`. Every loader ends with it.
Status FinalizeVocab(const std::string& file, Vocab* v);
// Rejects two tokens written identically in the file (formats whose ids are positions).
Status RejectDuplicateSurfaces(const std::string& file, const Vocab& v);

}  // namespace lineage
