#include "tokenizer/hf_json.h"

#include <simdjson.h>

#include <algorithm>
#include <memory>
#include <optional>

#include <unordered_map>
#include <unordered_set>

#include "io/byte_source.h"
#include "tokenizer/canonical.h"
#include "tokenizer/flat_index.h"
#include "tokenizer/pipeline_text.h"
#include "util/json.h"

namespace lineage {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// tokenizer.json nests a handful of levels; 64 leaves room for long normalizer sequences while
// refusing hostile nesting before it costs stack or memory.
constexpr size_t kMaxDepth = 64;
constexpr uint64_t kMaxTokenizerJsonBytes = uint64_t{512} << 20;

// How a tokenizer spells its tokens, which decides their canonical bytes.
enum class Spelling { kByteLevel, kMetaspace, kPlain };

struct Context {
  const std::string& name;
  Spelling spelling;
  std::string continuing_prefix;  // WordPiece "##"
  // Contents of added_tokens: converters also list them in model.vocab, written literally.
  std::unordered_set<std::string_view> added;
};

// Token surface (a view into the parsed document) -> index into Vocab::tokens; surfaces are
// added in the order tokens are pushed, so the two numberings agree.
// Surfaces are collected in a plain array while reading (sequential, cheap); duplicates are
// found by sorting their hashes, and the hash index is built only if a merge needs lookups.
class SurfaceIndex {
 public:
  explicit SurfaceIndex(size_t expected) { surfaces_.reserve(expected); }
  void Push(std::string_view s) { surfaces_.push_back(s); }

  // The first surface that occurs twice, if any. Hashes alone clear the usual case (no two
  // equal): they are partitioned by their top bits into cache-sized buckets and each bucket is
  // sorted, so no step touches memory at random. Equal hashes, from a duplicate or a 64-bit
  // collision, fall through to the exact check.
  std::optional<std::string_view> FindDuplicate() const {
    const size_t n = surfaces_.size();
    int bits = 4;
    while (bits < 16 && (size_t{1} << bits) * 64 < n) ++bits;
    const int shift = 64 - bits;
    std::vector<uint64_t> hashes(n), parted(n);
    std::vector<size_t> start((size_t{1} << bits) + 1, 0);
    for (size_t i = 0; i < n; ++i) {
      hashes[i] = HashBytes(surfaces_[i]);
      ++start[(hashes[i] >> shift) + 1];
    }
    for (size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
    std::vector<size_t> next(start.begin(), start.end() - 1);
    for (uint64_t h : hashes) parted[next[h >> shift]++] = h;
    for (size_t b = 0; b + 1 < start.size(); ++b) {
      auto first = parted.begin() + static_cast<ptrdiff_t>(start[b]);
      auto last = parted.begin() + static_cast<ptrdiff_t>(start[b + 1]);
      std::sort(first, last);
      if (std::adjacent_find(first, last) != last) return FindDuplicateExactly();
    }
    return std::nullopt;
  }

 private:
  std::optional<std::string_view> FindDuplicateExactly() const {
    std::vector<std::pair<uint64_t, uint32_t>> h(surfaces_.size());
    for (size_t i = 0; i < surfaces_.size(); ++i)
      h[i] = {HashBytes(surfaces_[i]), static_cast<uint32_t>(i)};
    std::sort(h.begin(), h.end());
    for (size_t i = 1; i < h.size(); ++i) {
      // Equal hashes: compare every pair in the run (runs longer than 1 are collisions or dups).
      for (size_t j = i; j > 0 && h[j - 1].first == h[i].first; --j) {
        if (surfaces_[h[j - 1].second] == surfaces_[h[i].second]) return surfaces_[h[i].second];
      }
    }
    return std::nullopt;
  }

 public:
  // Index of `s`, or -1 (builds the hash index on first use).
  int64_t Find(std::string_view s) const {
    if (!index_) {
      index_ = std::make_unique<StringIndex>(surfaces_.size());
      for (std::string_view x : surfaces_) index_->Add(x);
    }
    return index_->Find(s);
  }

 private:
  std::vector<std::string_view> surfaces_;
  mutable std::unique_ptr<StringIndex> index_;
};

// Canonicalises one vocabulary entry into `t` (bytes, kind, continuation).
Status Canonicalise(const Context& cx, std::string_view surface, Token* t) {
  t->surface = std::string(surface);
  if (cx.spelling == Spelling::kByteLevel) {
    if (!AppendByteLevelBytes(surface, &t->bytes)) {
      if (cx.added.count(surface)) {
        t->bytes = t->surface;  // an added token, matched literally
        return Status::Ok();
      }
      return Corrupt(cx.name, "token '" + t->surface + "' (id " + std::to_string(t->id) +
                                  ") is not in the GPT-2 byte alphabet of a byte-level vocabulary");
    }
    if (t->bytes.size() == 1) t->kind = TokenKind::kByte;
    return Status::Ok();
  }
  if (auto b = ParseByteToken(surface)) {
    t->bytes = std::string(1, static_cast<char>(*b));
    t->kind = TokenKind::kByte;
    return Status::Ok();
  }
  std::string_view rest = surface;
  if (!cx.continuing_prefix.empty() && rest.size() > cx.continuing_prefix.size() &&
      rest.substr(0, cx.continuing_prefix.size()) == cx.continuing_prefix) {
    rest.remove_prefix(cx.continuing_prefix.size());
    t->continuation = true;
  }
  if (cx.spelling == Spelling::kMetaspace) {
    AppendSentencePieceBytes(rest, &t->bytes);
  } else {
    t->bytes.assign(rest);
  }
  return Status::Ok();
}

Status ReadVocabObject(const Context& cx, object vocab, Vocab* v, SurfaceIndex* by_surface) {
  // Room for the added tokens too: growing 128k tokens by a few specials would move them all.
  v->tokens.reserve(vocab.size() + cx.added.size());
  for (auto kv : vocab) {
    int64_t id;
    if (kv.value.get_int64().get(id) != simdjson::SUCCESS) {
      return Corrupt(cx.name, "model.vocab['" + std::string(kv.key) + "'] is not an integer id");
    }
    by_surface->Push(kv.key);
    Token& t = v->tokens.emplace_back();  // built in place: moving 128k tokens is not free
    t.id = id;
    LINEAGE_RETURN_IF_ERROR(Canonicalise(cx, kv.key, &t));
  }
  return Status::Ok();
}

// Unigram: [[piece, log_prob], ...], id = position.
Status ReadVocabArray(const Context& cx, array vocab, Vocab* v, SurfaceIndex* by_surface) {
  v->tokens.reserve(vocab.size() + cx.added.size());
  int64_t id = 0;
  for (element entry : vocab) {
    array pair;
    std::string_view piece;
    double score;
    if (entry.get_array().get(pair) != simdjson::SUCCESS || pair.size() != 2 ||
        pair.at(0).get_string().get(piece) != simdjson::SUCCESS ||
        pair.at(1).get_double().get(score) != simdjson::SUCCESS) {
      return Corrupt(cx.name,
                     "model.vocab[" + std::to_string(id) + "] is not a [piece, score] pair");
    }
    by_surface->Push(piece);
    Token& t = v->tokens.emplace_back();
    t.id = id++;
    t.score = static_cast<float>(score);
    LINEAGE_RETURN_IF_ERROR(Canonicalise(cx, piece, &t));
  }
  return Status::Ok();
}

// Appends the canonical bytes of one side of a merge to the merge arena, computed from its
// spelling (no vocabulary lookup: merges outnumber tokens and lookups dominate load time).
bool AppendMergePart(const Context& cx, std::string_view part, std::string* out) {
  if (part.empty()) return false;
  if (cx.spelling == Spelling::kByteLevel) return AppendByteLevelBytes(part, out);
  if (auto b = ParseByteToken(part)) {
    out->push_back(static_cast<char>(*b));
    return true;
  }
  if (cx.spelling == Spelling::kMetaspace) {
    AppendSentencePieceBytes(part, out);
  } else {
    out->append(part);
  }
  return true;
}

// Splits a legacy "a b" merge. Tokens may contain spaces in plain-spelled vocabularies, so when
// there are several spaces the split whose halves are both in the vocabulary wins.
bool SplitMerge(std::string_view m, const SurfaceIndex& by_surface, std::string_view* a,
                std::string_view* b) {
  size_t first = m.find(' ');
  if (first == std::string_view::npos) return false;
  if (m.find(' ', first + 1) == std::string_view::npos) {
    *a = m.substr(0, first);
    *b = m.substr(first + 1);
    return true;
  }
  for (size_t at = first; at != std::string_view::npos; at = m.find(' ', at + 1)) {
    if (by_surface.Find(m.substr(0, at)) >= 0 && by_surface.Find(m.substr(at + 1)) >= 0) {
      *a = m.substr(0, at);
      *b = m.substr(at + 1);
      return true;
    }
  }
  return false;
}

Status ReadMerges(const Context& cx, array merges, const SurfaceIndex& by_surface, Vocab* v) {
  // Typical merges hold a few bytes per side; the arena grows geometrically past the hint.
  v->merges.reserve(merges.size(), merges.size() * 12);
  auto decode = [&cx](std::string_view part, std::string* out) {
    return AppendMergePart(cx, part, out);
  };
  size_t rank = 0;
  for (element m : merges) {
    std::string_view text, a, b;
    array pair;
    bool shaped = false;
    if (m.get_string().get(text) == simdjson::SUCCESS) {
      shaped = SplitMerge(text, by_surface, &a, &b);
    } else if (m.get_array().get(pair) == simdjson::SUCCESS && pair.size() == 2) {
      shaped = pair.at(0).get_string().get(a) == simdjson::SUCCESS &&
               pair.at(1).get_string().get(b) == simdjson::SUCCESS;
    }
    if (!shaped) {
      return Corrupt(cx.name, "model.merges[" + std::to_string(rank) +
                                  "] is neither an \"a b\" string nor an [a, b] pair of tokens");
    }
    if (!v->merges.AppendDecoded(a, b, decode)) {
      return Corrupt(cx.name, "model.merges[" + std::to_string(rank) +
                                  "] has a part that is not a valid token spelling");
    }
    ++rank;
  }
  return Status::Ok();
}

Status ReadAddedTokens(const Context& cx, array added, Vocab* v) {
  // Look ids up by binary search over the id-sorted tokens (no per-token hash nodes); new tokens
  // are collected apart and appended afterwards so the search range stays sorted.
  auto by_id = [](const Token& a, const Token& b) { return a.id < b.id; };
  if (!std::is_sorted(v->tokens.begin(), v->tokens.end(), by_id)) {
    std::stable_sort(v->tokens.begin(), v->tokens.end(), by_id);
  }
  std::vector<Token> fresh;
  size_t n = 0;
  for (element a : added) {
    int64_t id;
    std::string_view content;
    if (a["id"].get_int64().get(id) != simdjson::SUCCESS ||
        a["content"].get_string().get(content) != simdjson::SUCCESS) {
      return Corrupt(cx.name, "added_tokens[" + std::to_string(n) +
                                  "] lacks an integer id or a content string");
    }
    bool special = false;
    if (a["special"].get_bool().get(special)) {
    }  // optional member: keep the default
    auto it = std::lower_bound(v->tokens.begin(), v->tokens.end(), id,
                               [](const Token& t, int64_t x) { return t.id < x; });
    if (it != v->tokens.end() && it->id == id) {
      if (it->surface != content) {
        return Corrupt(cx.name, "duplicate id " + std::to_string(id) + ": '" + it->surface +
                                    "' in model.vocab, '" + std::string(content) +
                                    "' in added_tokens");
      }
      if (special) it->kind = TokenKind::kSpecial;
    } else {
      // Added tokens are matched literally, before any byte-level mapping. A second entry for
      // the same new id is caught by FinalizeVocab as a duplicate id.
      Token t;
      t.id = id;
      t.surface = std::string(content);
      t.bytes = t.surface;
      t.kind = special ? TokenKind::kSpecial : TokenKind::kRegular;
      t.added = true;
      fresh.push_back(std::move(t));
    }
    ++n;
  }
  for (Token& t : fresh) v->tokens.push_back(std::move(t));
  return Status::Ok();
}

VocabModel ModelType(std::string_view type, element model) {
  if (type == "BPE") return VocabModel::kBpe;
  if (type == "Unigram") return VocabModel::kUnigram;
  if (type == "WordPiece") return VocabModel::kWordPiece;
  if (type == "WordLevel") return VocabModel::kWordLevel;
  // Older writers omit "type": infer it from the members.
  element e;
  if (model["merges"].get(e) == simdjson::SUCCESS) return VocabModel::kBpe;
  if (model["vocab"].get(e) == simdjson::SUCCESS && e.is_array()) return VocabModel::kUnigram;
  if (model["continuing_subword_prefix"].get(e) == simdjson::SUCCESS) return VocabModel::kWordPiece;
  return VocabModel::kUnknown;
}

// Parses `text` into `parser` (which owns the document); `padded` says the bytes after the text
// are readable padding, so simdjson need not copy.
Result<element> ParseRoot(simdjson::dom::parser& parser, std::string_view text,
                          const std::string& name, bool padded) {
  if (parser.allocate(text.size() + 1, kMaxDepth) != simdjson::SUCCESS) {
    return Refused(name + ": cannot allocate a JSON parser for " + std::to_string(text.size()) +
                   " bytes");
  }
  element root;
  auto err = padded ? parser.parse(text.data(), text.size(), /*realloc_if_needed=*/false).get(root)
                    : parser.parse(text.data(), text.size(), /*realloc_if_needed=*/true).get(root);
  if (err != simdjson::SUCCESS) {
    // simdjson does not locate errors; the bounded nlohmann parser does (slow path, errors only).
    auto located = ParseJson(text, name, static_cast<int>(kMaxDepth));
    if (!located.ok()) return located.status();
    return Corrupt(name, std::string("malformed JSON: ") + simdjson::error_message(err));
  }
  return root;
}

// The added_tokens array, when present; their contents go into cx.added.
Result<std::optional<array>> ReadAddedList(element root, Context* cx) {
  element added;
  if (root["added_tokens"].get(added) != simdjson::SUCCESS || added.is_null()) {
    return std::optional<array>();
  }
  array added_arr;
  if (added.get_array().get(added_arr) != simdjson::SUCCESS)
    return Corrupt(cx->name, "added_tokens is not an array");
  for (element a : added_arr) {
    std::string_view content;
    if (a["content"].get_string().get(content) == simdjson::SUCCESS) cx->added.insert(content);
  }
  return std::optional<array>(added_arr);
}

// How the vocabulary spells spaces and bytes, and WordPiece's continuation prefix.
void SetSpelling(const Vocab& v, const PipelineText& pipeline, element model, Context* cx) {
  if (v.byte_level) {
    cx->spelling = Spelling::kByteLevel;
  } else if (pipeline.metaspace || v.byte_fallback || v.model == VocabModel::kUnigram) {
    cx->spelling = Spelling::kMetaspace;
  }
  if (v.model == VocabModel::kWordPiece) {
    std::string_view prefix = "##";
    if (model["continuing_subword_prefix"].get_string().get(prefix)) {
    }  // optional member: keep the default
    cx->continuing_prefix = std::string(prefix);
  }
}

// model.vocab (an object of token -> id, or Unigram's array of [piece, score]), then BPE merges.
Status ReadVocabAndMerges(const Context& cx, element model, Vocab* v) {
  const std::string& name = cx.name;
  element vocab;
  size_t expected = 0;
  if (model["vocab"].get(vocab) == simdjson::SUCCESS) {
    object o;
    array a;
    if (vocab.get_object().get(o) == simdjson::SUCCESS) expected = o.size();
    if (vocab.get_array().get(a) == simdjson::SUCCESS) expected = a.size();
  }
  SurfaceIndex by_surface(expected);
  if (model["vocab"].get(vocab) != simdjson::SUCCESS)
    return Corrupt(name, "model has no \"vocab\"");
  object vocab_obj;
  array vocab_arr;
  if (v->model == VocabModel::kUnigram) {
    if (vocab.get_array().get(vocab_arr) != simdjson::SUCCESS) {
      return Corrupt(name, "Unigram model.vocab is not an array of [piece, score]");
    }
    LINEAGE_RETURN_IF_ERROR(ReadVocabArray(cx, vocab_arr, v, &by_surface));
  } else {
    if (vocab.get_object().get(vocab_obj) != simdjson::SUCCESS) {
      return Corrupt(name, "model.vocab is not an object of token -> id");
    }
    LINEAGE_RETURN_IF_ERROR(ReadVocabObject(cx, vocab_obj, v, &by_surface));
  }
  if (auto dup = by_surface.FindDuplicate()) {
    return Corrupt(name, "duplicate token '" + std::string(*dup) + "' in model.vocab");
  }
  if (v->model == VocabModel::kBpe) {
    element merges;
    array merges_arr;
    if (model["merges"].get(merges) == simdjson::SUCCESS) {
      if (merges.get_array().get(merges_arr) != simdjson::SUCCESS) {
        return Corrupt(name, "model.merges is not an array");
      }
      LINEAGE_RETURN_IF_ERROR(ReadMerges(cx, merges_arr, by_surface, v));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Vocab> ParseHfTokenizerJson(std::string_view text, const std::string& name) {
  return ParseHfTokenizerJson(text, name, /*padded=*/false);
}

Result<Vocab> ParseHfTokenizerJson(std::string_view text, const std::string& name, bool padded) {
  simdjson::dom::parser parser;
  LINEAGE_ASSIGN_OR_RETURN(element root, ParseRoot(parser, text, name, padded));
  element model;
  if (root["model"].get(model) != simdjson::SUCCESS || !model.is_object()) {
    return Corrupt(name, "no \"model\" object: not a tokenizer.json");
  }
  std::string_view type_name;
  if (model["type"].get_string().get(type_name)) {
  }  // optional member: keep the default
  Vocab v;
  v.source = name;
  v.format = "tokenizer.json";
  v.model = ModelType(type_name, model);
  if (v.model == VocabModel::kUnknown) {
    return Unsupported(name + ": model type '" + std::string(type_name) + "' is not supported");
  }
  PipelineText pipeline = DescribePipeline(root);
  v.normalizer = pipeline.normalizer;
  v.pre_tokenizer = pipeline.pre_tokenizer;
  v.digit_splitting = pipeline.digit_splitting;
  v.byte_level = pipeline.byte_level;
  if (model["byte_fallback"].get_bool().get(v.byte_fallback)) {
  }  // optional member: keep the default

  Context cx{name, Spelling::kPlain, {}, {}};
  LINEAGE_ASSIGN_OR_RETURN(const std::optional<array> added, ReadAddedList(root, &cx));
  SetSpelling(v, pipeline, model, &cx);
  LINEAGE_RETURN_IF_ERROR(ReadVocabAndMerges(cx, model, &v));
  if (added) LINEAGE_RETURN_IF_ERROR(ReadAddedTokens(cx, *added, &v));
  LINEAGE_RETURN_IF_ERROR(FinalizeVocab(name, &v));
  return v;
}

Result<Vocab> LoadHfTokenizerJson(const std::string& path) {
  // Uncompressed files are parsed straight from the mapping when the page holding the end of the
  // file leaves simdjson's padding readable; this saves a copy of the whole file.
  {
    LINEAGE_ASSIGN_OR_RETURN(auto src, OpenMappedFile(path));
    const auto* p = reinterpret_cast<const char*>(src->data());
    uint64_t n = src->size();
    bool gzip = n >= 2 && static_cast<unsigned char>(p[0]) == 0x1f &&
                static_cast<unsigned char>(p[1]) == 0x8b;
    if (p && !gzip && n > 0 && n <= kMaxTokenizerJsonBytes &&
        (n % 4096) + simdjson::SIMDJSON_PADDING <= 4096) {
      return ParseHfTokenizerJson(std::string_view(p, n), path, /*padded=*/true);
    }
  }
  LINEAGE_ASSIGN_OR_RETURN(auto bytes, ReadMaybeGzipFile(path, kMaxTokenizerJsonBytes));
  return ParseHfTokenizerJson(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path);
}

}  // namespace lineage
