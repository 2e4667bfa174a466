#include "tokenizer/llama2c_tokenizer.h"

#include <cstring>

#include "tokenizer/canonical.h"
#include "tokenizer/wire_reader.h"

namespace lineage {

Result<Vocab> ParseLlama2cTokenizer(std::string_view bytes, const std::string& name) {
  WireReader r(name, bytes);
  uint32_t u = 0;
  LINEAGE_RETURN_IF_ERROR(r.Fixed32(&u));
  auto max_len = static_cast<int32_t>(u);
  // No real piece is longer than a few hundred bytes; the bound keeps a hostile header honest.
  if (max_len <= 0 || max_len > 4096) {
    return Corrupt(name, 0, "max_token_length " + std::to_string(max_len) + " is not in 1..4096");
  }
  Vocab v;
  v.source = name;
  v.format = "llama2c";
  v.model = VocabModel::kBpe;  // llama2.c encodes by greedy score-ordered merges
  v.byte_fallback = true;
  while (!r.done()) {
    uint64_t at = r.offset();
    uint32_t score_bits = 0, len_bits = 0;
    LINEAGE_RETURN_IF_ERROR(r.Fixed32(&score_bits));
    LINEAGE_RETURN_IF_ERROR(r.Fixed32(&len_bits));
    auto len = static_cast<int32_t>(len_bits);
    if (len < 0 || len > max_len) {
      return Corrupt(name, at + 4,
                     "token " + std::to_string(v.tokens.size()) + " length " + std::to_string(len) +
                         " outside 0.." + std::to_string(max_len));
    }
    std::string_view piece;
    LINEAGE_RETURN_IF_ERROR(r.Bytes(static_cast<size_t>(len), &piece));
    Token t;
    t.id = static_cast<int64_t>(v.tokens.size());
    float score;
    std::memcpy(&score, &score_bits, 4);
    t.score = score;
    t.surface = std::string(piece);
    if (auto b = ParseByteToken(piece)) {
      t.kind = TokenKind::kByte;
      t.bytes = std::string(1, static_cast<char>(*b));
    } else if (piece == "<unk>" || piece == "\n<s>\n" || piece == "\n</s>\n" || piece == "<s>" ||
               piece == "</s>") {
      t.kind = TokenKind::kSpecial;
      // The exporter wraps BOS/EOS in newlines; strip them so they match other formats.
      std::string_view s = piece;
      while (!s.empty() && s.front() == '\n') s.remove_prefix(1);
      while (!s.empty() && s.back() == '\n') s.remove_suffix(1);
      t.bytes = std::string(s);
    } else {
      t.bytes = SentencePieceToBytes(piece);  // harmless when the exporter already replaced ▁
    }
    v.tokens.push_back(std::move(t));
    if (static_cast<int64_t>(v.tokens.size()) > kMaxTokenId)
      return r.Error("more than 2^24 tokens");
  }
  if (v.tokens.empty()) return Corrupt(name, "no tokens: not a llama2.c tokenizer");
  LINEAGE_RETURN_IF_ERROR(RejectDuplicateSurfaces(name, v));
  LINEAGE_RETURN_IF_ERROR(FinalizeVocab(name, &v));
  return v;
}

}  // namespace lineage
