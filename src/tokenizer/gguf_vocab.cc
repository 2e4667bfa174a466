#include "tokenizer/gguf_vocab.h"

#include <unordered_map>

#include "tokenizer/canonical.h"
#include "tokenizer/sentencepiece.h"

namespace lineage {
namespace {

const MetaValue* Find(const Metadata& meta, const std::string& key) {
  auto it = meta.find(key);
  return it == meta.end() ? nullptr : &it->second;
}

// Canonicalises a GGUF token per the vocabulary's spelling.
Status Canonicalise(const std::string& model, const std::string& name, Token* t) {
  const std::string& s = t->surface;
  if (t->kind == TokenKind::kByte || (model != "gpt2" && ParseByteToken(s))) {
    auto b = ParseByteToken(s);
    if (b) {
      t->kind = TokenKind::kByte;
      t->bytes = std::string(1, static_cast<char>(*b));
      return Status::Ok();
    }
    if (model != "gpt2")
      return Corrupt(name, "BYTE token " + std::to_string(t->id) + " '" + s + "' is not <0xNN>");
  }
  if (t->kind == TokenKind::kSpecial) {
    t->bytes = s;
    return Status::Ok();
  }
  if (model == "gpt2") {
    auto bytes = ByteLevelToBytes(s);
    if (bytes) {
      t->bytes = std::move(*bytes);
      if (t->bytes.size() == 1) t->kind = TokenKind::kByte;
      return Status::Ok();
    }
    // User-defined tokens are stored as plain text by llama.cpp's converter.
    if (t->kind == TokenKind::kRegular) {
      t->bytes = s;
      return Status::Ok();
    }
    return Corrupt(
        name, "token " + std::to_string(t->id) + " '" + s + "' is not in GPT-2's byte alphabet");
  }
  if (model == "bert") {
    static constexpr std::string_view kMark = "\xE2\x96\x81";
    if (s.compare(0, kMark.size(), kMark) == 0) {
      t->bytes = s.substr(kMark.size());
    } else {
      t->bytes = s;
      t->continuation = true;
    }
    return Status::Ok();
  }
  t->bytes = SentencePieceToBytes(s);
  return Status::Ok();
}

// The tokenizer family from tokenizer.ggml.model, and llama.cpp's pre-tokenizer name.
void SetVocabModel(const Metadata& meta, const std::string& model, Vocab* v) {
  if (model == "llama") {
    v->model = VocabModel::kBpe;
    v->pre_tokenizer = "metaspace(prefix)";
  } else if (model == "gpt2") {
    v->model = VocabModel::kBpe;
    v->byte_level = true;
  } else if (model == "bert") {
    v->model = VocabModel::kWordPiece;
  } else if (model == "t5") {
    v->model = VocabModel::kUnigram;
    v->pre_tokenizer = "metaspace(prefix)";
  }
  if (const MetaValue* pre = Find(meta, "tokenizer.ggml.pre"); pre && pre->AsString()) {
    // llama.cpp's name for the pre-tokenizer, not a regex: compared only with other GGUFs.
    v->pre_tokenizer = "gguf-pre(" + *pre->AsString() + ")";
  }
}

Status SetTokenKind(const std::string& name, size_t i, int64_t ty, Token* t) {
  const std::optional<TokenKind> kind = PieceTypeKind(ty);
  if (!kind) {
    return Corrupt(name, "tokenizer.ggml.token_type[" + std::to_string(i) +
                             "] = " + std::to_string(ty) + " is not a known token type");
  }
  t->kind = *kind;
  return Status::Ok();
}

// Token i from the parallel arrays (scores and types may be absent).
Result<Token> ReadToken(const std::string& name, const std::string& model, size_t i,
                        const MetaValue& tokens, const MetaValue* scores, const MetaValue* types) {
  const MetaValue& tv = tokens.array[i];
  if (!tv.AsString())
    return Corrupt(name, "tokenizer.ggml.tokens[" + std::to_string(i) + "] is not a string");
  Token t;
  t.id = static_cast<int64_t>(i);
  t.surface = *tv.AsString();
  if (scores) {
    auto d = scores->array[i].AsDouble();
    if (!d)
      return Corrupt(name, "tokenizer.ggml.scores[" + std::to_string(i) + "] is not a number");
    t.score = static_cast<float>(*d);
  }
  if (types) {
    auto ty = types->array[i].AsInt();
    if (!ty)
      return Corrupt(name,
                     "tokenizer.ggml.token_type[" + std::to_string(i) + "] is not an integer");
    LINEAGE_RETURN_IF_ERROR(SetTokenKind(name, i, *ty, &t));
    // llama.cpp's converters give a byte-level BPE vocabulary ("gpt2") NORMAL tokens for its own
    // vocabulary and USER_DEFINED (4) only for tokenizer.json's non-special added tokens, so
    // there type 4 means added. A SentencePiece model ("llama") has user-defined pieces of its
    // own vocabulary under the same type, so there it stays regular.
    t.added = model == "gpt2" && *ty == 4;
  }
  LINEAGE_RETURN_IF_ERROR(Canonicalise(model, name, &t));
  return t;
}

Status ReadMerges(const MetaValue& merges, const std::string& name, Vocab* v) {
  if (merges.kind != MetaValue::Kind::kArray)
    return Corrupt(name, "tokenizer.ggml.merges is not an array");
  std::unordered_map<std::string_view, const Token*> by_surface;
  by_surface.reserve(v->tokens.size());
  for (const Token& t : v->tokens) by_surface.emplace(t.surface, &t);
  v->merges.reserve(merges.array.size());
  for (size_t i = 0; i < merges.array.size(); ++i) {
    const std::string* m = merges.array[i].AsString();
    size_t space = m ? m->find(' ') : std::string::npos;
    auto a = space == std::string::npos ? by_surface.end()
                                        : by_surface.find(std::string_view(*m).substr(0, space));
    auto b = space == std::string::npos ? by_surface.end()
                                        : by_surface.find(std::string_view(*m).substr(space + 1));
    if (a == by_surface.end() || b == by_surface.end()) {
      return Corrupt(name, "tokenizer.ggml.merges[" + std::to_string(i) +
                               "] is not two vocabulary tokens separated by a space");
    }
    v->merges.emplace_back(a->second->bytes, b->second->bytes);
  }
  return Status::Ok();
}

void ReadSpecialRoles(const Metadata& meta, Vocab* v) {
  static const std::pair<const char*, const char*> kRoles[] = {
      {"tokenizer.ggml.bos_token_id", "bos"},      {"tokenizer.ggml.eos_token_id", "eos"},
      {"tokenizer.ggml.unknown_token_id", "unk"},  {"tokenizer.ggml.padding_token_id", "pad"},
      {"tokenizer.ggml.eot_token_id", "eot"},      {"tokenizer.ggml.seperator_token_id", "sep"},
      {"tokenizer.ggml.separator_token_id", "sep"}};
  const size_t n = v->tokens.size();
  for (const auto& [key, role] : kRoles) {
    const MetaValue* idv = Find(meta, key);
    auto id = idv ? idv->AsInt() : std::nullopt;
    if (id && *id >= 0 && static_cast<size_t>(*id) < n)
      v->special_roles[role] = v->tokens[static_cast<size_t>(*id)].surface;
  }
}

}  // namespace

Result<Vocab> VocabFromGgufMetadata(const Metadata& meta, const std::string& name) {
  const MetaValue* tokens = Find(meta, "tokenizer.ggml.tokens");
  if (!tokens) return NotFound(name + ": no tokenizer.ggml.tokens: this GGUF has no vocabulary");
  if (tokens->kind != MetaValue::Kind::kArray)
    return Corrupt(name, "tokenizer.ggml.tokens is not an array");
  std::string model;
  if (const MetaValue* m = Find(meta, "tokenizer.ggml.model"); m && m->AsString())
    model = *m->AsString();
  const MetaValue* scores = Find(meta, "tokenizer.ggml.scores");
  const MetaValue* types = Find(meta, "tokenizer.ggml.token_type");
  size_t n = tokens->array.size();
  for (const MetaValue* arr : {scores, types}) {
    if (arr && (arr->kind != MetaValue::Kind::kArray || arr->array.size() != n)) {
      return Corrupt(
          name, std::string(arr == scores ? "tokenizer.ggml.scores" : "tokenizer.ggml.token_type") +
                    " is not an array of " + std::to_string(n) + " values");
    }
  }
  if (static_cast<int64_t>(n) > kMaxTokenId) return Corrupt(name, "more than 2^24 tokens");

  Vocab v;
  v.source = name;
  v.format = "gguf";
  SetVocabModel(meta, model, &v);
  v.tokens.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    LINEAGE_ASSIGN_OR_RETURN(Token t, ReadToken(name, model, i, *tokens, scores, types));
    v.tokens.push_back(std::move(t));
  }
  LINEAGE_RETURN_IF_ERROR(RejectDuplicateSurfaces(name, v));
  if (const MetaValue* merges = Find(meta, "tokenizer.ggml.merges")) {
    LINEAGE_RETURN_IF_ERROR(ReadMerges(*merges, name, &v));
  }
  ReadSpecialRoles(meta, &v);
  if (const MetaValue* tmpl = Find(meta, "tokenizer.chat_template"); tmpl && tmpl->AsString()) {
    v.chat_template = *tmpl->AsString();
  }
  LINEAGE_RETURN_IF_ERROR(FinalizeVocab(name, &v));
  return v;
}

}  // namespace lineage
