// `lineage inspect MODEL [--json]`: what a checkpoint holds, from its headers alone.
// The JSON document is report/inspect_json.h.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "cli/init_check_cli.h"
#include "model/model.h"
#include "report/catalog.h"
#include "report/inspect_json.h"

namespace lineage::cli {
namespace {

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
  nlohmann::json j = InspectJson(*model);
  if (json) {
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    PrintSummary(j, LangOf(lang));
  }
  return kExitOk;
}

}  // namespace lineage::cli
