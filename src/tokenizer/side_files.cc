#include "tokenizer/side_files.h"

#include <algorithm>
#include <filesystem>

#include "io/byte_source.h"
#include "io/json_file.h"

namespace lineage {
namespace {

namespace fs = std::filesystem;
constexpr uint64_t kMaxSideFileBytes = uint64_t{64} << 20;

// Applies entries to a Vocab whose tokens are sorted by id (every loader finalises): ids are
// found by binary search, new tokens are appended and re-sorted once at the end.
class Applier {
 public:
  explicit Applier(Vocab* v) : v_(v), sorted_(v->tokens.size()) {}

  // Adds or marks the token `content` at `id`.
  void Add(const std::string& file, int64_t id, const std::string& content, bool special) {
    if (id < 0 || id >= kMaxTokenId) {
      v_->notes.push_back(file + ": id " + std::to_string(id) + " for '" + content +
                          "' is out of range; ignored");
      return;
    }
    Token* t = FindId(id);
    if (t) {
      if (t->surface != content && t->bytes != content) {
        v_->notes.push_back(file + ": id " + std::to_string(id) + " is '" + content +
                            "' there but '" + t->surface +
                            "' in the tokenizer; the tokenizer's entry is kept");
        return;
      }
      if (special) t->kind = TokenKind::kSpecial;
      return;
    }
    Token fresh;
    fresh.id = id;
    fresh.surface = content;
    fresh.bytes = content;
    fresh.kind = special ? TokenKind::kSpecial : TokenKind::kRegular;
    // Absent from the model's own vocabulary: an added token (vocab.h), kept out of the pair's
    // regular set and listed beside the relation, as tokenizer.json's added_tokens are.
    fresh.added = true;
    v_->tokens.push_back(std::move(fresh));
  }

  // A named role ("bos" -> "<s>"); the token is special when the tokenizer has it.
  void Role(const std::string& role, const nlohmann::json& value) {
    std::string content;
    if (value.is_string())
      content = value.get<std::string>();
    else if (value.is_object() && value.contains("content") && value["content"].is_string())
      content = value["content"].get<std::string>();
    if (content.empty()) return;
    v_->special_roles[role] = content;
    for (Token& t : v_->tokens) {  // a handful of roles: a scan is cheaper than an index
      if (t.surface == content && t.kind == TokenKind::kRegular) t.kind = TokenKind::kSpecial;
    }
  }

  bool added() const { return v_->tokens.size() > sorted_; }

 private:
  Token* FindId(int64_t id) {
    auto end = v_->tokens.begin() + static_cast<ptrdiff_t>(sorted_);
    auto it = std::lower_bound(v_->tokens.begin(), end, id,
                               [](const Token& t, int64_t x) { return t.id < x; });
    if (it != end && it->id == id) return &*it;
    for (size_t i = sorted_; i < v_->tokens.size(); ++i) {  // added by this file set
      if (v_->tokens[i].id == id) return &v_->tokens[i];
    }
    return nullptr;
  }

  Vocab* v_;
  size_t sorted_;  // tokens[0, sorted_) are the loader's, sorted by id
};

void ApplyRoles(const nlohmann::json& j, Applier* a) {
  static const std::pair<const char*, const char*> kRoles[] = {
      {"bos_token", "bos"}, {"eos_token", "eos"}, {"unk_token", "unk"},  {"pad_token", "pad"},
      {"sep_token", "sep"}, {"cls_token", "cls"}, {"mask_token", "mask"}};
  for (const auto& [key, role] : kRoles) {
    if (j.contains(key)) a->Role(role, j[key]);
  }
}

Status ApplyTokenizerConfig(const std::string& path, Vocab* v, Applier* a) {
  LINEAGE_ASSIGN_OR_RETURN(auto j, ReadJsonFile(path, kMaxSideFileBytes));
  if (!j.is_object()) return Corrupt(path, "not a JSON object");
  if (j.contains("added_tokens_decoder") && j["added_tokens_decoder"].is_object()) {
    for (const auto& [key, entry] : j["added_tokens_decoder"].items()) {
      char* end = nullptr;
      long long id = std::strtoll(key.c_str(), &end, 10);
      if (key.empty() || *end != '\0' || !entry.is_object() || !entry.contains("content") ||
          !entry["content"].is_string()) {
        return Corrupt(path,
                       "added_tokens_decoder entry '" + key + "' is not {id: {content, ...}}");
      }
      bool special = entry.contains("special") && entry["special"].is_boolean() &&
                     entry["special"].get<bool>();
      a->Add(path, id, entry["content"].get<std::string>(), special);
    }
  }
  ApplyRoles(j, a);
  if (j.contains("chat_template")) {
    const auto& t = j["chat_template"];
    if (t.is_string()) {
      v->chat_template = t.get<std::string>();
    } else if (t.is_array()) {
      // [{name, template}, ...]: keep the default one, else the first.
      for (const auto& e : t) {
        if (!e.is_object() || !e.contains("template") || !e["template"].is_string()) continue;
        bool is_default = e.contains("name") && e["name"] == "default";
        if (!v->chat_template || is_default) v->chat_template = e["template"].get<std::string>();
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status ApplySideFiles(const std::string& dir, Vocab* v) {
  Applier a(v);
  std::string path = (fs::path(dir) / "tokenizer_config.json").string();
  if (fs::is_regular_file(path)) {
    LINEAGE_RETURN_IF_ERROR(ApplyTokenizerConfig(path, v, &a));
    v->source += " + tokenizer_config.json";
  }
  path = (fs::path(dir) / "special_tokens_map.json").string();
  if (fs::is_regular_file(path)) {
    LINEAGE_ASSIGN_OR_RETURN(auto j, ReadJsonFile(path, kMaxSideFileBytes));
    if (!j.is_object()) return Corrupt(path, "not a JSON object");
    ApplyRoles(j, &a);
    v->source += " + special_tokens_map.json";
  }
  path = (fs::path(dir) / "added_tokens.json").string();
  if (fs::is_regular_file(path)) {
    LINEAGE_ASSIGN_OR_RETURN(auto j, ReadJsonFile(path, kMaxSideFileBytes));
    if (!j.is_object()) return Corrupt(path, "not a JSON object of token -> id");
    for (const auto& [content, id] : j.items()) {
      if (!id.is_number_integer())
        return Corrupt(path, "id of '" + content + "' is not an integer");
      // added_tokens.json does not say which are special; the roles above already marked those.
      a.Add(path, id.get<int64_t>(), content, false);
    }
    v->source += " + added_tokens.json";
  }
  path = (fs::path(dir) / "chat_template.jinja").string();
  if (fs::is_regular_file(path)) {
    LINEAGE_ASSIGN_OR_RETURN(auto bytes, ReadWholeFile(path, kMaxSideFileBytes));
    v->chat_template = std::string(bytes.begin(), bytes.end());  // overrides the JSON template
  }
  if (a.added()) LINEAGE_RETURN_IF_ERROR(FinalizeVocab(v->source, v));
  return Status::Ok();
}

}  // namespace lineage
