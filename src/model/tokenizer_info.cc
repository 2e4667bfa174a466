// Cheap tokenizer sniffing for inspect. See tokenizer_info.h.
#include "model/tokenizer_info.h"

#include <simdjson.h>

#include <algorithm>

#include "io/byte_source.h"
#include "util/json.h"

namespace lineage {
namespace {

constexpr uint64_t kMaxTokenizerBytes = 256 << 20;

// tokenizer.json: model.type and max id + 1 over model.vocab (object or Unigram array) and
// added_tokens.
void DescribeTokenizerJson(const std::vector<uint8_t>& bytes, TokenizerInfo* info) {
  namespace od = simdjson::ondemand;
  simdjson::padded_string text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  od::parser parser;
  od::document doc;
  if (parser.iterate(text).get(doc) != simdjson::SUCCESS) {
    info->note = "tokenizer.json does not parse";
    return;
  }
  int64_t max_id = -1;
  std::string type;
  od::object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) {
    info->note = "tokenizer.json is not a JSON object";
    return;
  }
  for (auto field : root) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) break;
    if (key == "added_tokens") {
      od::array arr;
      if (field.value().get_array().get(arr) != simdjson::SUCCESS) continue;
      for (auto tok : arr) {
        int64_t id;
        if (tok["id"].get_int64().get(id) == simdjson::SUCCESS) max_id = std::max(max_id, id);
      }
    } else if (key == "model") {
      od::object model;
      if (field.value().get_object().get(model) != simdjson::SUCCESS) continue;
      for (auto mf : model) {
        std::string_view mk;
        if (mf.unescaped_key().get(mk) != simdjson::SUCCESS) break;
        if (mk == "type") {
          std::string_view t;
          if (mf.value().get_string().get(t) == simdjson::SUCCESS) type = t;
        } else if (mk == "vocab") {
          od::value v;
          if (mf.value().get(v) != simdjson::SUCCESS) continue;
          od::json_type jt;
          if (v.type().get(jt) != simdjson::SUCCESS) continue;
          if (jt == od::json_type::object) {
            od::object vocab;
            if (v.get_object().get(vocab) != simdjson::SUCCESS) continue;
            for (auto e : vocab) {
              int64_t id;
              if (e.value().get_int64().get(id) == simdjson::SUCCESS) max_id = std::max(max_id, id);
            }
          } else if (jt == od::json_type::array) {
            int64_t n = 0;
            od::array arr;
            if (v.get_array().get(arr) != simdjson::SUCCESS) continue;
            for (auto e : arr) {
              (void)e;
              ++n;
            }
            max_id = std::max(max_id, n - 1);
          }
        }
      }
    }
  }
  info->kind = "tokenizer.json" + (type.empty() ? std::string() : ":" + type);
  if (max_id >= 0)
    info->vocab_size = static_cast<uint64_t>(max_id) + 1;
  else
    info->note = "no vocabulary found in tokenizer.json";
}

bool ReadVarint(const uint8_t* p, uint64_t n, uint64_t* pos, uint64_t* out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64 && *pos < n; shift += 7) {
    uint8_t b = p[(*pos)++];
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) {
      *out = v;
      return true;
    }
  }
  return false;
}

// SentencePiece ModelProto: count top-level field 1 (pieces), skipping others by wire type.
std::optional<uint64_t> CountSentencePieces(const std::vector<uint8_t>& b) {
  uint64_t pos = 0, pieces = 0, n = b.size();
  while (pos < n) {
    uint64_t key, len;
    if (!ReadVarint(b.data(), n, &pos, &key)) return std::nullopt;
    switch (key & 7) {
      case 0:
        if (!ReadVarint(b.data(), n, &pos, &len)) return std::nullopt;
        break;
      case 1:
        pos += 8;
        break;
      case 5:
        pos += 4;
        break;
      case 2:
        if (!ReadVarint(b.data(), n, &pos, &len) || len > n - pos) return std::nullopt;
        pos += len;
        if ((key >> 3) == 1) ++pieces;
        break;
      default:
        return std::nullopt;
    }
    if (pos > n) return std::nullopt;
  }
  return pieces;
}

void DescribeFile(const std::string& path, TokenizerInfo* info) {
  auto src = OpenMappedFile(path);
  if (!src.ok()) {
    info->note = src.status().message();
    return;
  }
  Result<FileKind> sniffed = SniffFileKind(**src);
  if (!sniffed.ok()) {
    info->note = sniffed.status().message();
    return;
  }
  const FileKind kind = *sniffed;
  info->kind = FileKindName(kind);
  if (kind != FileKind::kJson && kind != FileKind::kSentencePiece && kind != FileKind::kTiktoken) {
    return;
  }
  auto bytes = ReadWholeFile(path, kMaxTokenizerBytes);
  if (!bytes.ok()) {
    info->note = bytes.status().message();
    return;
  }
  if (kind == FileKind::kSentencePiece) {
    info->vocab_size = CountSentencePieces(*bytes);
    if (!info->vocab_size) info->note = "SentencePiece model does not parse";
  } else if (kind == FileKind::kTiktoken) {
    info->vocab_size = static_cast<uint64_t>(std::count(bytes->begin(), bytes->end(), '\n'));
    info->note = "special tokens are not in tiktoken files";
  } else if (path.ends_with("vocab.json")) {
    auto j = ParseJson(
        std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), path);
    info->kind = "gpt2-vocab.json";
    if (j.ok() && j->is_object()) info->vocab_size = j->size();
  } else {
    DescribeTokenizerJson(*bytes, info);
  }
}

}  // namespace

TokenizerInfo DescribeTokenizer(const Model& m) {
  TokenizerInfo info;
  info.path = m.tokenizer_path;
  if (info.path.empty()) {
    info.kind = "none";
    return info;
  }
  for (const Checkpoint& c : m.checkpoints) {
    if (c.format != "gguf" || c.files.empty() || c.files[0] != info.path) continue;
    auto model = c.metadata.find("tokenizer.ggml.model");
    if (model == c.metadata.end() || !model->second.AsString()) {
      info.kind = "none";
      info.note = "the GGUF file has no tokenizer.ggml.model";
      return info;
    }
    info.kind = "gguf:" + *model->second.AsString();
    auto tokens = c.metadata.find("tokenizer.ggml.tokens");
    if (tokens != c.metadata.end() && tokens->second.kind == MetaValue::Kind::kArray) {
      info.vocab_size = tokens->second.array.size();
    }
    return info;
  }
  DescribeFile(info.path, &info);
  return info;
}

}  // namespace lineage
