#include "tokenizer/compare.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "tokenizer/canonical.h"
#include "tokenizer/flat_index.h"
#include "tokenizer/rank_stats.h"
#include "tokenizer/relation.h"
#include "util/utf8.h"

namespace lineage {
namespace {

constexpr int64_t kAmbiguous = -1;  // a string with two ids in one vocabulary
constexpr size_t kExamples = 12;

// Strings that leave the regular set of the PAIR (docs/TOKENIZER.md): special on either side, or
// added (tokenizer.json added_tokens outside the model's vocabulary) on either side. Deciding
// this per file made a token flagged special in one file and not in the other look added.
using PairExclusions = std::unordered_set<std::string_view>;

bool AddedOrSpecial(const Token& t) { return t.kind == TokenKind::kSpecial || t.added; }

PairExclusions NonRegularInPair(const Vocab& a, const Vocab& b) {
  PairExclusions out;
  for (const Vocab* v : {&a, &b}) {
    for (const Token& t : v->tokens) {
      if (AddedOrSpecial(t)) out.insert(t.bytes);
    }
  }
  return out;
}

// Regular in the pair: regular in its file, and not special or added on either side.
bool PairRegular(const Token& t, const PairExclusions& ex) {
  return t.kind == TokenKind::kRegular && (t.continuation || !ex.count(t.bytes));
}

// Regular tokens keyed by (canonical bytes, continuation) -> id, or kAmbiguous.
class KeyIndex {
 public:
  KeyIndex(const Vocab& v, const PairExclusions& ex) : ex_(ex), index_(v.tokens.size()) {
    keys_.reserve(v.tokens.size());
    key_of_token_.assign(v.tokens.size(), -1);
    for (size_t pos = 0; pos < v.tokens.size(); ++pos) {
      const Token& t = v.tokens[pos];
      if (!PairRegular(t, ex_)) continue;
      auto [k, inserted] =
          index_.Insert(Hash(t), static_cast<int64_t>(keys_.size()),
                        [&](int64_t i) { return Same(*keys_[static_cast<size_t>(i)], t); });
      key_of_token_[pos] = k;
      if (inserted) {
        keys_.push_back(&t);
        ids_.push_back(t.id);
      } else {
        ids_[static_cast<size_t>(k)] = kAmbiguous;
      }
    }
  }
  int64_t distinct() const { return static_cast<int64_t>(keys_.size()); }
  size_t size() const { return keys_.size(); }
  const Token& key(size_t i) const { return *keys_[i]; }
  int64_t id(size_t i) const { return ids_[i]; }
  // The number of t's key here, or -1.
  int64_t FindKey(const Token& t) const {
    return index_.Find(Hash(t), [&](int64_t i) { return Same(*keys_[static_cast<size_t>(i)], t); });
  }
  // The key number of the token at position `pos` of the vocabulary (-1 if not regular).
  int64_t key_of_token(size_t pos) const { return key_of_token_[pos]; }
  bool regular(const Token& t) const { return PairRegular(t, ex_); }

 private:
  static uint64_t Hash(const Token& t) {
    return HashBytes(t.bytes) ^ (t.continuation ? 0x9E3779B97F4A7C15ull : 0);
  }
  static bool Same(const Token& x, const Token& y) {
    return x.continuation == y.continuation && x.bytes == y.bytes;
  }

  const PairExclusions& ex_;
  std::vector<const Token*> keys_;
  std::vector<int64_t> ids_;
  std::vector<int64_t> key_of_token_;
  FlatIndex index_;
};

double Ratio(double num, double den) { return den > 0 ? num / den : 0; }

VocabSummary Summarise(const Vocab& v, const KeyIndex& index) {
  VocabSummary s;
  s.source = v.source;
  s.format = v.format;
  s.model = VocabModelName(v.model);
  s.vocab_size = static_cast<int64_t>(v.size());
  s.id_space = v.id_space();
  s.regular = index.distinct();
  s.merges = static_cast<int64_t>(v.merges.size());
  s.merges_derived = v.merges_derived;
  s.byte_level = v.byte_level;
  s.byte_fallback = v.byte_fallback;
  s.has_chat_template = v.chat_template.has_value();
  s.pre_tokenizer = v.pre_tokenizer;
  s.normalizer = v.normalizer;
  s.digit_splitting = v.digit_splitting;
  s.notes = v.notes;
  for (const Token& t : v.tokens) {
    if (t.kind == TokenKind::kByte) ++s.byte_tokens;
    if (t.kind == TokenKind::kSpecial) s.specials.push_back(t.surface);
    if (t.kind == TokenKind::kRegular && t.score) s.has_scores = true;
  }
  return s;
}

// UTF-8 for display: invalid bytes become \xNN.
std::string Printable(std::string_view bytes) {
  std::string out;
  size_t i = 0;
  while (i < bytes.size()) {
    uint32_t cp;
    size_t len = DecodeUtf8(bytes, i, &cp);
    if (len == 0) {
      static const char* kHex = "0123456789ABCDEF";
      auto b = static_cast<unsigned char>(bytes[i]);
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 15];
      ++i;
    } else {
      out.append(bytes.substr(i, len));
      i += len;
    }
  }
  return out;
}

// Regular tokens of `v` whose key the other side lacks (`found` is indexed by v's key numbers).
Coverage Added(const Vocab& v, const KeyIndex& index, const std::vector<bool>& found) {
  Coverage c;
  std::vector<std::string_view> tokens;
  for (size_t pos = 0; pos < v.tokens.size(); ++pos) {
    int64_t k = index.key_of_token(pos);
    if (k < 0 || found[static_cast<size_t>(k)]) continue;
    const Token& t = v.tokens[pos];
    tokens.push_back(t.bytes);
    if (c.examples.size() < kExamples) c.examples.push_back(Printable(t.bytes));
  }
  c.count = static_cast<int64_t>(tokens.size());
  c.scripts = CountScripts(tokens);
  return c;
}

// S, plus which keys of each side the other has.
std::vector<std::pair<int64_t, int64_t>> SharedPairs(const KeyIndex& ia, const KeyIndex& ib,
                                                     int64_t* shared_keys,
                                                     std::vector<bool>* found_a,
                                                     std::vector<bool>* found_b) {
  std::vector<std::pair<int64_t, int64_t>> s;
  *shared_keys = 0;
  found_a->assign(ia.size(), false);
  found_b->assign(ib.size(), false);
  for (size_t k = 0; k < ia.size(); ++k) {
    int64_t kb = ib.FindKey(ia.key(k));
    if (kb < 0) continue;
    ++*shared_keys;
    (*found_a)[k] = true;
    (*found_b)[static_cast<size_t>(kb)] = true;
    int64_t id_b = ib.id(static_cast<size_t>(kb));
    if (ia.id(k) != kAmbiguous && id_b != kAmbiguous) s.emplace_back(ia.id(k), id_b);
  }
  std::sort(s.begin(), s.end());
  return s;
}

// Ids kept, by position: regular tokens of one side found at the same id, with the same key, in
// the other (counts tokens, so strings with two ids are not lost).
void CompareAlignedIds(const Vocab& a, const Vocab& b, const KeyIndex& ka, const KeyIndex& kb,
                       TokenizerComparison* c) {
  int64_t regular_a = 0, regular_b = 0, aligned = 0;
  for (const Token& t : a.tokens) regular_a += ka.regular(t);
  for (const Token& t : b.tokens) regular_b += kb.regular(t);
  for (size_t i = 0, j = 0; i < a.tokens.size() && j < b.tokens.size();) {
    const Token& ta = a.tokens[i];
    const Token& tb = b.tokens[j];
    if (ta.id < tb.id) {
      ++i;
      continue;
    }
    if (tb.id < ta.id) {
      ++j;
      continue;
    }
    aligned += ka.regular(ta) && kb.regular(tb) && ta.continuation == tb.continuation &&
               ta.bytes == tb.bytes;
    ++i;
    ++j;
  }
  c->regular_aligned = aligned;
  c->a_ids_kept_in_b = Ratio(static_cast<double>(aligned), static_cast<double>(regular_a));
  c->b_ids_kept_in_a = Ratio(static_cast<double>(aligned), static_cast<double>(regular_b));
}

// The most common id offset among shared tokens, and how well the id order is kept.
void CompareIdOffsets(const std::vector<int64_t>& offsets, const std::vector<int64_t>& b_ids,
                      const std::vector<std::pair<int64_t, int64_t>>& s, TokenizerComparison* c) {
  int64_t best_count = 0;
  for (size_t i = 0; i < offsets.size();) {
    size_t j = i;
    while (j < offsets.size() && offsets[j] == offsets[i]) ++j;
    auto n = static_cast<int64_t>(j - i);
    if (n > best_count ||
        (n == best_count && std::llabs(offsets[i]) < std::llabs(c->dominant_offset))) {
      best_count = n;
      c->dominant_offset = offsets[i];
    }
    i = j;
  }
  c->dominant_offset_share = Ratio(static_cast<double>(best_count), static_cast<double>(s.size()));
  c->id_order_spearman = SpearmanOfPairs(s);
  c->id_order_kept = Ratio(static_cast<double>(LongestIncreasingSubsequence(b_ids)),
                           static_cast<double>(s.size()));
}

// Leading ids that hold the same token in both (any kind): the untouched prefix of an extension.
void CompareIdPrefix(const Vocab& a, const Vocab& b, TokenizerComparison* c) {
  size_t n = std::min(a.tokens.size(), b.tokens.size());
  int64_t k = 0;
  for (size_t i = 0; i < n; ++i) {
    const Token& ta = a.tokens[i];
    const Token& tb = b.tokens[i];
    if (ta.id != k || tb.id != k || ta.kind != tb.kind || ta.continuation != tb.continuation ||
        ta.bytes != tb.bytes)
      break;
    ++k;
  }
  c->id_prefix = k;
}

// Byte tokens (<0xNN>) both sides have, and how many keep their id.
void CompareByteTokens(const Vocab& a, const Vocab& b, TokenizerComparison* c) {
  int64_t byte_id_a[256], byte_id_b[256];
  std::fill(byte_id_a, byte_id_a + 256, -1);
  std::fill(byte_id_b, byte_id_b + 256, -1);
  for (const auto& [v, ids] : {std::pair{&a, byte_id_a}, std::pair{&b, byte_id_b}}) {
    for (const Token& t : v->tokens) {
      if (t.kind != TokenKind::kByte) continue;
      auto x = static_cast<unsigned char>(t.bytes[0]);  // kByte tokens are exactly one byte
      if (ids[x] < 0) ids[x] = t.id;
    }
  }
  for (int x = 0; x < 256; ++x) {
    if (byte_id_a[x] >= 0 && byte_id_b[x] >= 0) {
      ++c->byte_tokens_shared;
      c->byte_tokens_same_id += byte_id_a[x] == byte_id_b[x];
    }
  }
}

void CompareIds(const Vocab& a, const Vocab& b, const KeyIndex& ka, const KeyIndex& kb,
                const std::vector<std::pair<int64_t, int64_t>>& s, TokenizerComparison* c) {
  std::vector<int64_t> offsets, b_ids;
  offsets.reserve(s.size());
  b_ids.reserve(s.size());
  for (const auto& [ia, ib] : s) {
    c->same_id += ia == ib;
    offsets.push_back(ib - ia);
    b_ids.push_back(ib);
  }
  std::sort(offsets.begin(), offsets.end());
  c->same_id_rate = Ratio(static_cast<double>(c->same_id), static_cast<double>(s.size()));
  CompareAlignedIds(a, b, ka, kb, c);
  CompareIdOffsets(offsets, b_ids, s, c);
  CompareIdPrefix(a, b, c);
  CompareByteTokens(a, b, c);
}

uint64_t MergeHash(const Merge& m) { return HashPair(HashBytes(m.first), HashBytes(m.second)); }

void CompareMerges(const Vocab& a, const Vocab& b, TokenizerComparison* c) {
  if (a.merges.empty() || b.merges.empty()) return;
  c->merges_compared = true;
  FlatIndex rank_a(a.merges.size());
  for (size_t i = 0; i < a.merges.size(); ++i) {
    // A repeated merge keeps its first (effective) rank.
    rank_a.Insert(MergeHash(a.merges[i]), static_cast<int64_t>(i),
                  [&](int64_t r) { return a.merges[static_cast<size_t>(r)] == a.merges[i]; });
  }
  std::vector<std::pair<int64_t, int64_t>> ranks;
  ranks.reserve(std::min(a.merges.size(), b.merges.size()));
  for (size_t j = 0; j < b.merges.size(); ++j) {
    const Merge m = b.merges[j];
    int64_t r =
        rank_a.Find(MergeHash(m), [&](int64_t i) { return a.merges[static_cast<size_t>(i)] == m; });
    if (r >= 0) ranks.emplace_back(r, static_cast<int64_t>(j));
  }
  c->shared_merges = static_cast<int64_t>(ranks.size());
  c->merge_rank_spearman = SpearmanOfPairs(ranks);
  size_t n = std::min(a.merges.size(), b.merges.size());
  size_t k = 0;
  while (k < n && a.merges[k] == b.merges[k]) ++k;
  c->merge_prefix = static_cast<int64_t>(k);
  size_t first = std::min<size_t>(1000, n);
  size_t same = 0;
  for (size_t i = 0; i < first; ++i) same += a.merges[i] == b.merges[i];
  c->first_1000_identical = Ratio(static_cast<double>(same), static_cast<double>(first));
  double coverage = Ratio(static_cast<double>(ranks.size()), static_cast<double>(n));
  c->merges_consistent =
      coverage >= kIdsKeptMin && (ranks.size() < 2 || c->merge_rank_spearman >= kIdsKeptMin);
}

void CompareScores(const Vocab& a, const Vocab& b,
                   const std::vector<std::pair<int64_t, int64_t>>& s, TokenizerComparison* c) {
  if (!c->a.has_scores || !c->b.has_scores) return;
  c->scores_compared = true;
  auto by_id = [](const Vocab& v, int64_t id) -> const Token* {
    auto it = std::lower_bound(v.tokens.begin(), v.tokens.end(), id,
                               [](const Token& t, int64_t x) { return t.id < x; });
    return (it != v.tokens.end() && it->id == id) ? &*it : nullptr;
  };
  int64_t compared = 0, equal = 0;
  for (const auto& [ia, ib] : s) {
    if (ia != ib) continue;
    const Token* ta = by_id(a, ia);
    const Token* tb = by_id(b, ib);
    if (!ta || !tb || !ta->score || !tb->score) continue;
    ++compared;
    float x = *ta->score, y = *tb->score;
    equal += std::fabs(x - y) <= 1e-6f * std::max(1.0f, std::fabs(x));
  }
  c->scores_equal_share = Ratio(static_cast<double>(equal), static_cast<double>(compared));
}

std::string Match(const std::string& x, const std::string& y, bool x_known, bool y_known) {
  if (!x_known || !y_known) return "unknown";
  // llama.cpp's pre-tokenizer names are only comparable with each other.
  bool gx = x.rfind("gguf-pre(", 0) == 0, gy = y.rfind("gguf-pre(", 0) == 0;
  if (gx != gy) return "unknown";
  return x == y ? "same" : "different";
}

void CompareSpecials(const Vocab& a, const Vocab& b, TokenizerComparison* c) {
  std::unordered_map<std::string_view, int> in_b;
  for (const Token& t : b.tokens)
    if (t.kind == TokenKind::kSpecial) in_b[t.bytes] = 1;
  std::unordered_map<std::string_view, int> in_a;
  for (const Token& t : a.tokens) {
    if (t.kind != TokenKind::kSpecial) continue;
    in_a[t.bytes] = 1;
    if (in_b.count(t.bytes))
      ++c->specials_shared;
    else
      c->specials_only_a.push_back(t.surface);
  }
  for (const Token& t : b.tokens) {
    if (t.kind == TokenKind::kSpecial && !in_a.count(t.bytes))
      c->specials_only_b.push_back(t.surface);
  }
  // tiktoken files and llama2.c carry no pipeline description; GGUF names no normalizer.
  auto pre_known = [](const Vocab& v) { return !v.pre_tokenizer.empty(); };
  auto norm_known = [](const Vocab& v) {
    return v.format != "tiktoken" && v.format != "gguf" && v.format != "llama2c";
  };
  c->pre_tokenizer_match = Match(a.pre_tokenizer, b.pre_tokenizer, pre_known(a), pre_known(b));
  c->normalizer_match = Match(a.normalizer, b.normalizer, norm_known(a), norm_known(b));
  c->digit_splitting_differs = !a.digit_splitting.empty() && !b.digit_splitting.empty() &&
                               a.digit_splitting != b.digit_splitting;
  c->byte_fallback_differs = !a.byte_level && !b.byte_level && a.byte_fallback != b.byte_fallback;
}

// Named differences beside the relation: special flags that differ, added tokens one side lacks.
void CompareAdded(const Vocab& a, const Vocab& b, TokenizerComparison* c) {
  std::unordered_map<std::string_view, const Token*> by_bytes_a, by_bytes_b;
  for (const Token& t : a.tokens) by_bytes_a.emplace(t.bytes, &t);
  for (const Token& t : b.tokens) by_bytes_b.emplace(t.bytes, &t);
  auto scan = [&](const Vocab& v, const std::unordered_map<std::string_view, const Token*>& other,
                  std::vector<std::string>* added_only, bool report_flags) {
    for (const Token& t : v.tokens) {
      auto it = other.find(t.bytes);
      const Token* o = it == other.end() ? nullptr : it->second;
      if (t.added && t.kind != TokenKind::kSpecial && o == nullptr)
        added_only->push_back(t.surface);
      bool flag_differs = o != nullptr && !t.continuation && !o->continuation &&
                          (t.kind == TokenKind::kSpecial) != (o->kind == TokenKind::kSpecial) &&
                          (t.kind == TokenKind::kRegular || o->kind == TokenKind::kRegular);
      if (report_flags && flag_differs) c->special_on_one_side.push_back(t.surface);
    }
  };
  scan(a, by_bytes_b, &c->added_only_a, /*report_flags=*/true);
  scan(b, by_bytes_a, &c->added_only_b, /*report_flags=*/false);
}

}  // namespace

const char* RelationLabel(Relation r) {
  switch (r) {
    case Relation::kIdentical:
      return "identical";
    case Relation::kExtends:
      return "extends";
    case Relation::kSubset:
      return "subset";
    case Relation::kReindexed:
      return "reindexed";
    case Relation::kOverlapping:
      return "overlapping";
    case Relation::kUnrelated:
      return "unrelated";
  }
  return "unrelated";
}

TokenizerComparison CompareVocabs(const Vocab& a, const Vocab& b) {
  PairExclusions ex = NonRegularInPair(a, b);
  KeyIndex ia(a, ex), ib(b, ex);
  TokenizerComparison c;
  c.a = Summarise(a, ia);
  c.b = Summarise(b, ib);
  std::vector<bool> found_a, found_b;
  auto s = SharedPairs(ia, ib, &c.shared, &found_a, &found_b);
  double na = static_cast<double>(c.a.regular), nb = static_cast<double>(c.b.regular);
  double sh = static_cast<double>(c.shared);
  c.jaccard = Ratio(sh, na + nb - sh);
  c.containment_a_in_b = Ratio(sh, na);
  c.containment_b_in_a = Ratio(sh, nb);
  c.containment = Ratio(sh, std::min(na, nb));
  CompareIds(a, b, ia, ib, s, &c);
  CompareMerges(a, b, &c);
  CompareScores(a, b, s, &c);
  CompareSpecials(a, b, &c);
  CompareAdded(a, b, &c);
  c.added_in_a = Added(a, ia, found_a);
  c.added_in_b = Added(b, ib, found_b);
  ClassifyRelation(&c);
  return c;
}

std::vector<std::pair<int64_t, int64_t>> SharedTokenMap(const Vocab& a, const Vocab& b) {
  PairExclusions ex = NonRegularInPair(a, b);
  KeyIndex ia(a, ex), ib(b, ex);
  int64_t shared = 0;
  std::vector<bool> found_a, found_b;
  return SharedPairs(ia, ib, &shared, &found_a, &found_b);
}

}  // namespace lineage
