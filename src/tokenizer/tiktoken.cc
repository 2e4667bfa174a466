#include "tokenizer/tiktoken.h"

#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "tokenizer/canonical.h"

namespace lineage {

Result<Vocab> ParseTiktoken(std::string_view text, const std::string& name) {
  Vocab v;
  v.source = name;
  v.format = "tiktoken";
  v.model = VocabModel::kTiktokenBpe;
  std::unordered_set<std::string> seen;
  size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    ++line_no;
    size_t line_start = pos;
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;  // tiktoken itself skips blank lines
    auto where = [&](const std::string& msg) {
      return Corrupt(name, line_start, "line " + std::to_string(line_no) + ": " + msg);
    };
    size_t space = line.find(' ');
    if (space == std::string_view::npos || line.find(' ', space + 1) != std::string_view::npos) {
      return where("expected '<base64> <rank>'");
    }
    std::string_view b64 = line.substr(0, space);
    // Whisper's multilingual.tiktoken has a line "= <rank>": Python's lenient base64 decodes
    // bare padding to the empty string, and tiktoken keeps it. So do we, as a token no text can
    // produce (kUnused), so that it never counts as a regular token.
    bool empty_token = !b64.empty() && b64.find_first_not_of('=') == std::string_view::npos;
    auto bytes = empty_token ? std::optional<std::string>("") : DecodeBase64(b64);
    if (!bytes || (bytes->empty() && !empty_token))
      return where("invalid base64 '" + std::string(b64) + "'");
    std::string_view digits = line.substr(space + 1);
    if (digits.empty() || digits.size() > 9) return where("rank is not a number below 10^9");
    int64_t rank = 0;
    for (char c : digits) {
      if (c < '0' || c > '9')
        return where("rank '" + std::string(digits) + "' is not a decimal integer");
      rank = rank * 10 + (c - '0');
    }
    if (!seen.insert(*bytes).second)
      return where("duplicate token (same bytes as an earlier line)");
    Token t;
    t.id = rank;
    t.surface = BytesToByteLevel(*bytes);
    t.bytes = std::move(*bytes);
    if (t.bytes.size() == 1) t.kind = TokenKind::kByte;
    if (empty_token) {
      t.kind = TokenKind::kUnused;
      v.notes.push_back(name + ": line " + std::to_string(line_no) + ": '" + std::string(b64) +
                        "' decodes to the empty token (rank " + std::to_string(rank) +
                        "); kept as unused, as tiktoken keeps it");
    }
    v.tokens.push_back(std::move(t));
  }
  if (v.tokens.empty()) return Corrupt(name, "no tokens: not a tiktoken rank file");
  LINEAGE_RETURN_IF_ERROR(FinalizeVocab(name, &v));
  DeriveMergesFromRanks(&v);
  return v;
}

void DeriveMergesFromRanks(Vocab* v) {
  std::unordered_map<std::string_view, int64_t> rank;
  rank.reserve(v->tokens.size() * 2);
  for (const Token& t : v->tokens) {
    if (t.kind == TokenKind::kRegular || t.kind == TokenKind::kByte) rank.emplace(t.bytes, t.id);
  }
  v->merges.clear();
  constexpr int64_t kNone = std::numeric_limits<int64_t>::max();
  std::vector<size_t> cuts;        // part boundaries inside the token
  std::vector<int64_t> pair_rank;  // rank of parts i and i+1 merged, or kNone
  for (const Token& t : v->tokens) {
    if (t.kind != TokenKind::kRegular || t.bytes.size() < 2) continue;
    std::string_view s = t.bytes;
    auto rank_of = [&](size_t i) {  // parts i and i+1, only ranks below the token's own
      auto it = rank.find(s.substr(cuts[i], cuts[i + 2] - cuts[i]));
      return (it != rank.end() && it->second < t.id) ? it->second : kNone;
    };
    cuts.clear();
    for (size_t i = 0; i <= s.size(); ++i) cuts.push_back(i);
    pair_rank.assign(s.size() - 1, kNone);
    for (size_t i = 0; i + 2 < cuts.size(); ++i) pair_rank[i] = rank_of(i);
    // Rank-ordered BPE; each merge re-ranks only its two neighbouring pairs.
    while (cuts.size() > 3) {
      size_t best = 0;
      for (size_t i = 1; i < pair_rank.size(); ++i) {
        if (pair_rank[i] < pair_rank[best]) best = i;
      }
      if (pair_rank[best] == kNone) break;
      cuts.erase(cuts.begin() + static_cast<ptrdiff_t>(best) + 1);
      pair_rank.erase(pair_rank.begin() + static_cast<ptrdiff_t>(best));
      if (best < pair_rank.size()) pair_rank[best] = rank_of(best);
      if (best > 0) pair_rank[best - 1] = rank_of(best - 1);
    }
    if (cuts.size() != 3) continue;
    std::string_view a = s.substr(0, cuts[1]), b = s.substr(cuts[1]);
    if (rank.count(a) && rank.count(b)) v->merges.emplace_back(a, b);
  }
  v->merges_derived = true;
}

}  // namespace lineage
