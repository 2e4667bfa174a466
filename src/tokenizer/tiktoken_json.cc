// tiktoken encodings shipped as JSON (the `tiktoken/lite` form: Anthropic's Claude v1 claude.json
// in npm's @anthropic-ai/tokenizer, the encoders/*.json of @dqbd/tiktoken): the ranks are one
// long string, the specials a name -> id object, the pre-tokeniser regex a string.
#include <simdjson.h>

#include <cctype>

#include "tokenizer/json_dom.h"
#include "tokenizer/pipeline_text.h"
#include "tokenizer/tiktoken.h"

namespace lineage {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// bpe_ranks lines are either tiktoken's own "<base64> <rank>", or the compressed form
// "<marker> <first rank> <base64> <base64> ..." whose tokens take consecutive ranks. Both are
// rewritten as plain rank lines so that one parser (ParseTiktoken) validates them.
Result<std::string> ExpandRanks(std::string_view ranks, const std::string& name) {
  std::string out;
  out.reserve(ranks.size() + ranks.size() / 4);
  size_t pos = 0, line_no = 0;
  while (pos < ranks.size()) {
    size_t end = std::min(ranks.find('\n', pos), ranks.size());
    std::string_view line = ranks.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.empty()) continue;
    size_t a = line.find(' ');
    size_t b = a == std::string_view::npos ? a : line.find(' ', a + 1);
    if (b == std::string_view::npos) {  // "<base64> <rank>"
      out.append(line).push_back('\n');
      continue;
    }
    std::string_view first = line.substr(a + 1, b - a - 1);
    if (!AllDigits(first)) {
      return Unsupported(name + ": bpe_ranks line " + std::to_string(line_no) +
                         ": neither '<base64> <rank>' nor '<marker> <first rank> <base64>...'");
    }
    int64_t rank = std::stoll(std::string(first));
    for (size_t at = b + 1; at <= line.size();) {
      size_t next = std::min(line.find(' ', at), line.size());
      out.append(line.substr(at, next - at)).append(" " + std::to_string(rank++) + "\n");
      at = next + 1;
    }
  }
  return out;
}

Status AddSpecials(simdjson::dom::object specials, const std::string& name, Vocab* v) {
  for (auto kv : specials) {
    int64_t id = 0;
    if (kv.value.get_int64().get(id) != simdjson::SUCCESS) {
      return Corrupt(name, "special_tokens['" + std::string(kv.key) + "'] is not an integer id");
    }
    Token t;
    t.id = id;
    t.surface = std::string(kv.key);
    t.bytes = t.surface;
    t.kind = TokenKind::kSpecial;
    v->tokens.push_back(std::move(t));
  }
  return Status::Ok();
}

}  // namespace

Result<Vocab> ParseTiktokenJson(std::string_view text, const std::string& name) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element root;
  LINEAGE_RETURN_IF_ERROR(ParseJsonDom(text, name, parser, padded, &root));
  std::string_view ranks;
  if (root["bpe_ranks"].get_string().get(ranks) != simdjson::SUCCESS) {
    return Unsupported(name +
                       ": \"bpe_ranks\" is not a string; lineage reads tiktoken JSON encodings "
                       "whose ranks are one string of rank lines (tiktoken/lite's form) only");
  }
  LINEAGE_ASSIGN_OR_RETURN(std::string lines, ExpandRanks(ranks, name));
  LINEAGE_ASSIGN_OR_RETURN(Vocab v, ParseTiktoken(lines, name));
  v.format = "tiktoken-json";
  simdjson::dom::object specials;
  if (root["special_tokens"].get_object().get(specials) == simdjson::SUCCESS) {
    LINEAGE_RETURN_IF_ERROR(AddSpecials(specials, name, &v));
    LINEAGE_RETURN_IF_ERROR(FinalizeVocab(name, &v));
  }
  std::string_view pat;
  if (root["pat_str"].get_string().get(pat) == simdjson::SUCCESS) {
    v.pre_tokenizer = "split(/" + std::string(pat) + "/)";
    v.digit_splitting = DigitSplittingOfRegex(std::string(pat));
  }
  int64_t n_vocab = 0;
  if (root["explicit_n_vocab"].get_int64().get(n_vocab) == simdjson::SUCCESS &&
      n_vocab != static_cast<int64_t>(v.size())) {
    v.notes.push_back(name + ": explicit_n_vocab says " + std::to_string(n_vocab) + ", the file " +
                      "holds " + std::to_string(v.size()) + " tokens (ranks + specials)");
  }
  return v;
}

}  // namespace lineage
