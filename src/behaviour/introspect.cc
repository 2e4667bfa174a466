#include "behaviour/introspect.h"

#include <initializer_list>

namespace lineage {
namespace {

using IJson = nlohmann::json;
constexpr size_t kMaxIdentityString = 256;

enum class Want { kString, kNumber, kBool };

IJson IntrospectParse(std::string_view body) {
  IJson j = IJson::parse(body.begin(), body.end(), nullptr, false);
  return j.is_object() ? j : IJson::object();
}

bool Fits(const IJson& v, Want w) {
  switch (w) {
    case Want::kString:
      return v.is_string();
    case Want::kNumber:
      return v.is_number();
    case Want::kBool:
      return v.is_boolean();
  }
  return false;
}

// Copies `keys` of `from` that have the wanted type into `to`.
void CopyFields(const IJson& from, std::initializer_list<std::pair<const char*, Want>> keys,
                IJson& to) {
  if (!from.is_object()) return;
  for (const auto& [k, w] : keys) {
    auto it = from.find(k);
    if (it == from.end() || !Fits(*it, w)) continue;
    if (w == Want::kString) {
      std::string s = it->get<std::string>();
      if (s.size() > kMaxIdentityString) s.resize(kMaxIdentityString);
      to[k] = s;
    } else {
      to[k] = *it;
    }
  }
}

}  // namespace

IJson ParseLlamaCppProps(std::string_view body) {
  IJson out = IJson::object();
  CopyFields(IntrospectParse(body),
             {{"model_path", Want::kString},
              {"n_ctx", Want::kNumber},
              {"build_info", Want::kString},
              {"total_slots", Want::kNumber}},
             out);
  return out;
}

// TGI's GET /info: the model id, its revision and dtype, the router's version and limits.
IJson ParseTgiInfo(std::string_view body) {
  IJson out = IJson::object();
  CopyFields(IntrospectParse(body),
             {{"model_id", Want::kString},
              {"model_sha", Want::kString},
              {"model_dtype", Want::kString},
              {"model_pipeline_tag", Want::kString},
              {"max_input_tokens", Want::kNumber},
              {"max_total_tokens", Want::kNumber},
              {"version", Want::kString},
              {"sha", Want::kString}},
             out);
  return out;
}

// Ollama's POST /api/show: details (family, size, quantisation, format), the GGUF's general.*
// keys and the licence's first bytes; never the tokenizer arrays or the template.
IJson ParseOllamaShow(std::string_view body) {
  const IJson j = IntrospectParse(body);
  IJson out = IJson::object();
  IJson details = IJson::object();
  if (j.contains("details")) {
    CopyFields(j["details"],
               {{"family", Want::kString},
                {"parameter_size", Want::kString},
                {"quantization_level", Want::kString},
                {"format", Want::kString},
                {"parent_model", Want::kString}},
               details);
  }
  if (!details.empty()) out["details"] = details;
  IJson info = IJson::object();
  if (j.contains("model_info")) {
    CopyFields(j["model_info"],
               {{"general.architecture", Want::kString},
                {"general.basename", Want::kString},
                {"general.parameter_count", Want::kNumber},
                {"general.quantization_version", Want::kNumber},
                {"general.file_type", Want::kNumber}},
               info);
  }
  if (!info.empty()) out["model_info"] = info;
  CopyFields(j, {{"license", Want::kString}, {"modified_at", Want::kString}}, out);
  return out;
}

}  // namespace lineage
