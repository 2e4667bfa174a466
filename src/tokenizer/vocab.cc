#include "tokenizer/vocab.h"

#include <algorithm>
#include <string_view>

#include "tokenizer/flat_index.h"

namespace lineage {

const char* VocabModelName(VocabModel m) {
  switch (m) {
    case VocabModel::kUnknown:
      return "unknown";
    case VocabModel::kBpe:
      return "BPE";
    case VocabModel::kUnigram:
      return "Unigram";
    case VocabModel::kWordPiece:
      return "WordPiece";
    case VocabModel::kWordLevel:
      return "WordLevel";
    case VocabModel::kTiktokenBpe:
      return "tiktoken-BPE";
  }
  return "unknown";
}

const char* TokenKindName(TokenKind k) {
  switch (k) {
    case TokenKind::kRegular:
      return "regular";
    case TokenKind::kByte:
      return "byte";
    case TokenKind::kSpecial:
      return "special";
    case TokenKind::kUnused:
      return "unused";
  }
  return "regular";
}

int64_t Vocab::id_space() const { return tokens.empty() ? 0 : tokens.back().id + 1; }

std::optional<int64_t> Vocab::FindRegular(const std::string& bytes) const {
  std::optional<int64_t> found;
  for (const Token& t : tokens) {
    if (t.kind != TokenKind::kRegular || t.continuation || t.bytes != bytes) continue;
    if (found) return std::nullopt;  // two ids for one string: ambiguous
    found = t.id;
  }
  return found;
}

Status FinalizeVocab(const std::string& file, Vocab* v) {
  // One pass checks every token and, since most files list tokens in id order already, whether
  // a sort is needed at all (sorting 256k tokens is not free; neither is a second pass).
  bool sorted = true;
  for (size_t i = 0; i < v->tokens.size(); ++i) {
    const Token& t = v->tokens[i];
    if (t.id < 0 || t.id >= kMaxTokenId) {
      return Corrupt(file, "token '" + t.surface + "' has id " + std::to_string(t.id) +
                               ", outside [0, " + std::to_string(kMaxTokenId) + ")");
    }
    if (t.kind == TokenKind::kByte && t.bytes.size() != 1) {
      return Internal(file + ": byte token '" + t.surface + "' is not one byte");
    }
    if (i > 0 && sorted) {
      const Token& prev = v->tokens[i - 1];
      if (prev.id == t.id) {
        return Corrupt(file, "duplicate id " + std::to_string(t.id) + " ('" + prev.surface +
                                 "' and '" + t.surface + "')");
      }
      sorted = prev.id < t.id;
    }
  }
  if (sorted) return Status::Ok();
  auto by_id = [](const Token& a, const Token& b) { return a.id < b.id; };
  std::stable_sort(v->tokens.begin(), v->tokens.end(), by_id);
  for (size_t i = 1; i < v->tokens.size(); ++i) {
    if (v->tokens[i].id == v->tokens[i - 1].id) {
      return Corrupt(file, "duplicate id " + std::to_string(v->tokens[i].id) + " ('" +
                               v->tokens[i - 1].surface + "' and '" + v->tokens[i].surface + "')");
    }
  }
  return Status::Ok();
}

Status RejectDuplicateSurfaces(const std::string& file, const Vocab& v) {
  StringIndex seen(v.tokens.size());
  for (const Token& t : v.tokens) {
    if (!seen.Add(t.surface).second) {
      return Corrupt(
          file, "duplicate token '" + t.surface + "' (again at id " + std::to_string(t.id) + ")");
    }
  }
  return Status::Ok();
}

}  // namespace lineage
