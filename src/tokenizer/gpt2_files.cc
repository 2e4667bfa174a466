#include "tokenizer/gpt2_files.h"

#include <simdjson.h>

#include <unordered_map>
#include <unordered_set>

#include "io/byte_source.h"
#include "tokenizer/canonical.h"
#include "tokenizer/json_dom.h"

namespace lineage {
namespace {

constexpr uint64_t kMaxFileBytes = uint64_t{256} << 20;

Status ReadVocabJson(std::string_view text, const std::string& name, Vocab* v,
                     std::unordered_map<std::string, int64_t>* by_surface) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element root;
  LINEAGE_RETURN_IF_ERROR(ParseJsonDom(text, name, parser, padded, &root));
  simdjson::dom::object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS)
    return Corrupt(name, "not a JSON object of token -> id");
  v->tokens.reserve(obj.size());
  for (auto kv : obj) {
    int64_t id;
    if (kv.value.get_int64().get(id) != simdjson::SUCCESS) {
      return Corrupt(name, "value of '" + std::string(kv.key) + "' is not an integer id");
    }
    if (!by_surface->emplace(std::string(kv.key), id).second) {
      return Corrupt(name, "duplicate token '" + std::string(kv.key) + "'");
    }
    Token t;
    t.id = id;
    t.surface = std::string(kv.key);
    auto bytes = ByteLevelToBytes(kv.key);
    if (!bytes) return Corrupt(name, "token '" + t.surface + "' is not in GPT-2's byte alphabet");
    t.bytes = std::move(*bytes);
    if (t.bytes.size() == 1) t.kind = TokenKind::kByte;
    v->tokens.push_back(std::move(t));
  }
  return Status::Ok();
}

}  // namespace

Result<Vocab> ParseGpt2Files(std::string_view vocab_json, const std::string& vocab_name,
                             std::string_view merges_text, const std::string& merges_name) {
  Vocab v;
  v.source = vocab_name + " + " + merges_name;
  v.format = "gpt2-files";
  v.model = VocabModel::kBpe;
  v.byte_level = true;
  // GPT-2's pre-tokenizer (the files do not carry it; every reader of them applies this one).
  v.pre_tokenizer =
      R"(split(/'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/) + bytelevel)";
  v.digit_splitting = "runs";
  std::unordered_map<std::string, int64_t> by_surface;
  LINEAGE_RETURN_IF_ERROR(ReadVocabJson(vocab_json, vocab_name, &v, &by_surface));
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < v.tokens.size(); ++i) {
    if (!index.emplace(v.tokens[i].id, i).second) {
      return Corrupt(vocab_name, "duplicate id " + std::to_string(v.tokens[i].id));
    }
  }
  std::unordered_set<std::string> produced;  // canonical bytes of every merge result
  size_t pos = 0, line_no = 0;
  while (pos < merges_text.size()) {
    size_t end = merges_text.find('\n', pos);
    if (end == std::string_view::npos) end = merges_text.size();
    std::string_view line = merges_text.substr(pos, end - pos);
    size_t line_start = pos;
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || (line_no == 1 && line.substr(0, 8) == "#version")) continue;
    size_t space = line.find(' ');
    if (space == std::string_view::npos || space == 0 || space + 1 == line.size() ||
        line.find(' ', space + 1) != std::string_view::npos) {
      return Corrupt(
          merges_name, line_start,
          "line " + std::to_string(line_no) + ": expected two tokens separated by one space");
    }
    auto a = by_surface.find(std::string(line.substr(0, space)));
    auto b = by_surface.find(std::string(line.substr(space + 1)));
    if (a == by_surface.end() || b == by_surface.end()) {
      return Corrupt(merges_name, line_start,
                     "line " + std::to_string(line_no) + ": merge '" + std::string(line) +
                         "' names a token missing from " + vocab_name);
    }
    const std::string& ba = v.tokens[index[a->second]].bytes;
    const std::string& bb = v.tokens[index[b->second]].bytes;
    produced.insert(ba + bb);
    v.merges.emplace_back(ba, bb);
  }
  for (Token& t : v.tokens) {
    if (t.kind == TokenKind::kRegular && !produced.count(t.bytes)) t.kind = TokenKind::kSpecial;
  }
  LINEAGE_RETURN_IF_ERROR(FinalizeVocab(vocab_name, &v));
  return v;
}

Result<Vocab> LoadGpt2Files(const std::string& vocab_path, const std::string& merges_path) {
  LINEAGE_ASSIGN_OR_RETURN(auto vj, ReadMaybeGzipFile(vocab_path, kMaxFileBytes));
  LINEAGE_ASSIGN_OR_RETURN(auto mt, ReadMaybeGzipFile(merges_path, kMaxFileBytes));
  return ParseGpt2Files(
      std::string_view(reinterpret_cast<const char*>(vj.data()), vj.size()), vocab_path,
      std::string_view(reinterpret_cast<const char*>(mt.data()), mt.size()), merges_path);
}

}  // namespace lineage
