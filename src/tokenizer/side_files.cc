#include "tokenizer/side_files.h"

#include <filesystem>
#include <unordered_map>

#include "io/byte_source.h"
#include "util/json.h"

namespace lineage {
namespace {

namespace fs = std::filesystem;
constexpr uint64_t kMaxSideFileBytes = uint64_t{64} << 20;

class Applier {
 public:
  explicit Applier(Vocab* v) : v_(v) {
    for (size_t i = 0; i < v_->tokens.size(); ++i) {
      by_id_.emplace(v_->tokens[i].id, i);
      by_surface_.emplace(v_->tokens[i].surface, i);
    }
  }

  // Adds or marks the token `content` at `id`.
  void Add(const std::string& file, int64_t id, const std::string& content, bool special) {
    if (id < 0 || id >= kMaxTokenId) {
      v_->notes.push_back(file + ": id " + std::to_string(id) + " for '" + content + "' is out of range; ignored");
      return;
    }
    auto it = by_id_.find(id);
    if (it != by_id_.end()) {
      Token& t = v_->tokens[it->second];
      if (t.surface != content && t.bytes != content) {
        v_->notes.push_back(file + ": id " + std::to_string(id) + " is '" + content + "' there but '" +
                            t.surface + "' in the tokenizer; the tokenizer's entry is kept");
        return;
      }
      if (special) t.kind = TokenKind::kSpecial;
      return;
    }
    Token t;
    t.id = id;
    t.surface = content;
    t.bytes = content;
    t.kind = special ? TokenKind::kSpecial : TokenKind::kRegular;
    by_id_.emplace(id, v_->tokens.size());
    by_surface_.emplace(content, v_->tokens.size());
    v_->tokens.push_back(std::move(t));
    added_ = true;
  }

  // A named role ("bos" -> "<s>"); the token is special when the tokenizer has it.
  void Role(const std::string& role, const nlohmann::json& value) {
    std::string content;
    if (value.is_string()) content = value.get<std::string>();
    else if (value.is_object() && value.contains("content") && value["content"].is_string()) content = value["content"].get<std::string>();
    if (content.empty()) return;
    v_->special_roles[role] = content;
    auto it = by_surface_.find(content);
    if (it != by_surface_.end() && v_->tokens[it->second].kind == TokenKind::kRegular) {
      v_->tokens[it->second].kind = TokenKind::kSpecial;
    }
  }

  bool added() const { return added_; }

 private:
  Vocab* v_;
  std::unordered_map<int64_t, size_t> by_id_;
  std::unordered_map<std::string, size_t> by_surface_;
  bool added_ = false;
};

void ApplyRoles(const nlohmann::json& j, Applier* a) {
  static const std::pair<const char*, const char*> kRoles[] = {
      {"bos_token", "bos"}, {"eos_token", "eos"}, {"unk_token", "unk"}, {"pad_token", "pad"},
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
        return Corrupt(path, "added_tokens_decoder entry '" + key + "' is not {id: {content, ...}}");
      }
      bool special = entry.contains("special") && entry["special"].is_boolean() && entry["special"].get<bool>();
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
      if (!id.is_number_integer()) return Corrupt(path, "id of '" + content + "' is not an integer");
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
