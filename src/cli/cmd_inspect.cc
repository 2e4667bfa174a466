// `lineage inspect MODEL [--json]`: what a checkpoint holds, from its headers alone.
// JSON keys relied on by scripts: format, parameters.total, parameters.active, tensors[] (name,
// role, layer, dtype, shape), vocab_size, architecture.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <map>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "cli/init_check_cli.h"
#include "model/model.h"
#include "model/tokenizer_info.h"
#include "report/catalog.h"

namespace lineage::cli {
namespace {

// The config values worth a line in a summary, when present.
constexpr const char* kKeyConfig[] = {"model_type",
                                      "hidden_size",
                                      "num_hidden_layers",
                                      "num_attention_heads",
                                      "num_key_value_heads",
                                      "head_dim",
                                      "intermediate_size",
                                      "moe_intermediate_size",
                                      "vocab_size",
                                      "max_position_embeddings",
                                      "rope_theta",
                                      "rms_norm_eps",
                                      "tie_word_embeddings",
                                      "num_local_experts",
                                      "num_experts",
                                      "n_routed_experts",
                                      "n_shared_experts",
                                      "num_experts_per_tok",
                                      "q_lora_rank",
                                      "kv_lora_rank",
                                      "num_nextn_predict_layers",
                                      "sliding_window",
                                      "torch_dtype",
                                      "n_embd",
                                      "n_layer",
                                      "n_head"};

nlohmann::json ConfigSummary(const Model& m) {
  nlohmann::json out = nlohmann::json::object();
  if (!m.config || !m.config->is_object()) return out;
  const nlohmann::json* c = &*m.config;
  for (const char* k : kKeyConfig) {
    auto it = c->find(k);
    if (it == c->end() && c->contains("text_config") && (*c)["text_config"].is_object()) {
      const auto& t = (*c)["text_config"];
      auto jt = t.find(k);
      if (jt != t.end() && !jt->is_null()) out[k] = *jt;
      continue;
    }
    if (it != c->end() && !it->is_null()) out[k] = *it;
  }
  return out;
}

nlohmann::json InspectJson(const Model& m, const ParameterCount& pc, const TokenizerInfo& tok) {
  nlohmann::json j;
  j["path"] = m.path;
  j["format"] = m.format;
  nlohmann::json files = nlohmann::json::array();
  std::map<std::string, uint64_t> dtypes;
  uint64_t stored = 0;
  for (const Checkpoint& c : m.checkpoints) {
    for (const std::string& f : c.files) files.push_back(f);
    for (const TensorInfo& t : c.tensors) {
      dtypes[DTypeName(t.dtype)] += 1;
      ++stored;
    }
  }
  j["files"] = files;
  // Reading accounting (model/model.h): inspect reads headers only.
  j["revision"] =
      m.location.revision.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.location.revision);
  j["bytes_read"] = m.location.stats->bytes_read.load(std::memory_order_relaxed);
  j["bytes_total"] = m.location.bytes_total;
  j["requests"] = m.location.stats->requests.load(std::memory_order_relaxed);
  j["architecture"] = m.architecture;
  j["config"] = ConfigSummary(m);
  j["parameters"]["total"] = pc.total;
  j["parameters"]["active"] = pc.active ? nlohmann::json(*pc.active) : nlohmann::json(nullptr);
  j["parameters"]["by_role"] = pc.by_role;
  j["parameters"]["by_component"] = pc.by_component;
  j["stored_tensor_count"] = stored;
  j["tensor_count"] = m.tensors.size();
  j["dtypes"] = dtypes;
  j["tied_embeddings"] = m.tied_embeddings;
  j["num_layers"] = m.num_layers();
  nlohmann::json tensors = nlohmann::json::array();
  std::map<std::string, uint64_t> roles;
  for (const ModelTensor& t : m.tensors) {
    nlohmann::json e;
    e["name"] = t.name;
    e["role"] = RoleName(t.role);
    e["layer"] = t.layer;
    if (t.expert >= 0) e["expert"] = t.expert;
    if (t.shared_expert) e["shared_expert"] = true;
    if (t.bias) e["bias"] = true;
    e["component"] = t.component;
    e["dtype"] = DTypeName(t.info.dtype);
    e["shape"] = t.shape;
    tensors.push_back(std::move(e));
    roles[RoleName(t.role)] += 1;
  }
  j["tensors"] = std::move(tensors);
  j["roles"] = roles;
  j["unmapped"] = m.unmapped;
  j["tokenizer"] = {{"path", tok.path}, {"kind", tok.kind}};
  if (tok.vocab_size) j["tokenizer"]["vocab_size"] = *tok.vocab_size;
  if (!tok.note.empty()) j["tokenizer"]["note"] = tok.note;
  // vocab_size: the tokenizer's when we could count it, else the config's.
  nlohmann::json cfg = ConfigSummary(m);
  if (tok.vocab_size)
    j["vocab_size"] = *tok.vocab_size;
  else if (cfg.contains("vocab_size"))
    j["vocab_size"] = cfg["vocab_size"];
  else
    j["vocab_size"] = nullptr;
  j["notes"] = m.notes;
  return j;
}

std::string Human(uint64_t n) {
  const char* units[] = {"", "K", "M", "B", "T"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  char buf[64];
  if (u == 0)
    std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(n));
  else
    std::snprintf(buf, sizeof buf, "%.2f%s (%llu)", v, units[u],
                  static_cast<unsigned long long>(n));
  return buf;
}

void PrintSummary(const nlohmann::json& j, Lang lang) {
  auto line = [&](const char* key, const auto&... args) {
    fmt::print("{}\n", Trf(lang, key, args...));
  };
  fmt::print("{}\n", j["path"].get<std::string>());
  line("inspect.format", j["format"].get<std::string>(), j["files"].size());
  std::string arch = j["architecture"].get<std::string>();
  line("inspect.architecture", arch.empty() ? "?" : arch, j["num_layers"].get<int>());
  for (const auto& [k, v] : j["config"].items()) fmt::print("    {:<26} {}\n", k, v.dump());
  line("inspect.tensors", j["tensors"].size(), j["stored_tensor_count"].get<uint64_t>());
  line("inspect.parameters", Human(j["parameters"]["total"].get<uint64_t>()));
  if (!j["parameters"]["active"].is_null())
    line("inspect.active", Human(j["parameters"]["active"].get<uint64_t>()));
  std::string dt;
  for (const auto& [k, v] : j["dtypes"].items())
    dt += (dt.empty() ? "" : ", ") + k + " ×" + v.dump();
  line("inspect.dtypes", dt);
  line("inspect.tied", Tr(lang, j["tied_embeddings"].get<bool>() ? "label.yes" : "label.no"));
  std::string tok = j["tokenizer"]["kind"].get<std::string>();
  if (j["tokenizer"].contains("vocab_size"))
    tok = Trf(lang, "inspect.tokenizer_size", tok, j["tokenizer"]["vocab_size"].dump());
  line("inspect.tokenizer", tok);
  line("inspect.vocab", j["vocab_size"].dump());
  std::string roles;
  for (const auto& [k, v] : j["roles"].items())
    roles += (roles.empty() ? "" : ", ") + k + " ×" + v.dump();
  line("inspect.roles", roles);
  const auto& unmapped = j["unmapped"];
  line("inspect.unmapped", unmapped.size());
  for (size_t i = 0; i < unmapped.size() && i < 20; ++i)
    fmt::print("    {}\n", unmapped[i].get<std::string>());
  if (unmapped.size() > 20) line("inspect.more", unmapped.size() - 20);
  // Loader notes are diagnostic detail from the model module (English by contract).
  for (const auto& n : j["notes"]) line("inspect.note", TrText(lang, n.get<std::string>()));
}

}  // namespace

int RunInspect(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.inspect")};
  std::string path, lang = "en";
  bool json = false, quiet = false, init_check = false;
  unsigned threads = 0;
  app.add_option("MODEL", path, "help.opt.inspect.model")->required();
  ModelFlags model_flags;
  AddModelFlags(app, &model_flags);
  app.add_flag("--json", json, "help.opt.json");
  AddLangOption(app, &lang);
  app.add_option("--threads", threads, "help.opt.inspect.threads");
  app.add_flag("--quiet", quiet, "help.opt.quiet");
  app.add_flag("--init-check", init_check, "help.opt.inspect.init_check");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  Result<ModelLocation> location = ResolveModelArg(path, model_flags);
  if (!location.ok()) return ReportError("inspect", location.status(), LangOf(lang));
  auto model = LoadModel(*location);
  if (!model.ok()) return ReportError("inspect", model.status(), LangOf(lang));
  if (init_check) return RunInitCheck(*model, json, lang, threads);
  ParameterCount pc = CountParameters(*model);
  TokenizerInfo tok = DescribeTokenizer(*model);
  nlohmann::json j = InspectJson(*model, pc, tok);
  if (json) {
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    PrintSummary(j, LangOf(lang));
  }
  return kExitOk;
}

}  // namespace lineage::cli
