// `lineage behaviour`: the output-agreement test of served models (behaviour/agreement.h) through
// OpenAI-compatible APIs. `--candidate L=URL --base L=URL --control L=URL...` name the
// endpoints; every request and answer goes to the transcript store ($XDG_CACHE_HOME/lineage/
// transcripts.sqlite or --transcripts FILE), and --replay answers from it with no server.
// JSON keys: docs/JSON_SCHEMA.md, "behaviour". The finding is functional closeness, never a
// weight verdict. API keys: LINEAGE_API_KEY_<LABEL>, else OPENAI_API_KEY; never printed.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "behaviour/agreement.h"
#include "behaviour/endpoint.h"
#include "behaviour/transcript_store.h"
#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "report/catalog.h"

namespace lineage::cli {
namespace {

struct BehaviourFlags {
  std::string candidate, base;
  std::vector<std::string> controls, endpoint_models;
  std::string transcripts;
  bool replay = false, no_store = false, stream = false, json = false, verbose = false;
  std::string lang = "en";
  double timeout_s = 60;
  int retries = 4;
  AgreementOptions agreement;
};

void AddFlags(CLI::App& app, BehaviourFlags& f) {
  app.add_option("--candidate", f.candidate, "help.opt.behaviour.candidate")->required();
  app.add_option("--base", f.base, "help.opt.behaviour.base")->required();
  app.add_option("--control", f.controls, "help.opt.behaviour.control")->required();
  app.add_option("--endpoint-model", f.endpoint_models, "help.opt.behaviour.endpoint_model");
  app.add_option("--transcripts", f.transcripts, "help.opt.behaviour.transcripts");
  app.add_flag("--replay", f.replay, "help.opt.behaviour.replay");
  app.add_flag("--no-store", f.no_store, "help.opt.behaviour.no_store");
  app.add_option("--prompts", f.agreement.prompts, "help.opt.behaviour.prompts")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--max-queries", f.agreement.max_queries, "help.opt.behaviour.max_queries")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--seed", f.agreement.seed, "help.opt.behaviour.seed");
  app.add_option("--continuation", f.agreement.continuation, "help.opt.behaviour.continuation")
      ->check(CLI::Range(16, 256));
  app.add_option("--alpha", f.agreement.alpha, "help.opt.behaviour.alpha")
      ->check(CLI::Range(1e-12, 0.5));
  app.add_option("--power", f.agreement.power, "help.opt.behaviour.power")
      ->check(CLI::Range(0.5, 0.999));
  app.add_option("--concurrency", f.agreement.concurrency, "help.opt.behaviour.concurrency")
      ->check(CLI::Range(1, 64));
  app.add_flag("--stream", f.stream, "help.opt.behaviour.stream");
  app.add_option("--timeout", f.timeout_s, "help.opt.behaviour.timeout")
      ->check(CLI::Range(0.1, 3600.0));
  app.add_option("--retries", f.retries, "help.opt.behaviour.retries")->check(CLI::Range(0, 20));
  app.add_flag("--json", f.json, "help.opt.json");
  app.add_flag("--verbose", f.verbose, "help.opt.verbose");
  AddLangOption(app, &f.lang);
}

Result<std::map<std::string, std::string>> ModelChoices(const std::vector<std::string>& flags) {
  std::map<std::string, std::string> out;
  for (const std::string& f : flags) {
    const size_t eq = f.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == f.size()) {
      return InvalidArgument("--endpoint-model '" + f + "': expected LABEL=ID");
    }
    out[f.substr(0, eq)] = f.substr(eq + 1);
  }
  return out;
}

Result<std::vector<EndpointSpec>> Specs(const BehaviourFlags& f) {
  std::vector<std::string> all = {f.candidate, f.base};
  all.insert(all.end(), f.controls.begin(), f.controls.end());
  LINEAGE_ASSIGN_OR_RETURN(auto models, ModelChoices(f.endpoint_models));
  std::vector<EndpointSpec> specs;
  for (const std::string& a : all) {
    LINEAGE_ASSIGN_OR_RETURN(EndpointSpec s, ParseEndpointFlag(a));
    for (const EndpointSpec& other : specs) {
      if (other.label == s.label) return InvalidArgument("label '" + s.label + "' is given twice");
    }
    if (auto it = models.find(s.label); it != models.end()) s.model = it->second;
    specs.push_back(std::move(s));
  }
  for (const auto& [label, id] : models) {
    bool known = false;
    for (const EndpointSpec& s : specs) known = known || s.label == label;
    if (!known) return InvalidArgument("--endpoint-model names no endpoint label '" + label + "'");
  }
  return specs;
}

void PrintText(const AgreementResult& r, const AgreementOptions& o,
               const std::vector<std::unique_ptr<EndpointClient>>& eps, Lang lang) {
  std::printf("%s\n", std::string(Tr(lang, r.closer_than_every_control
                                                ? "behaviour.closer"
                                                : "behaviour.no_evidence"))
                          .c_str());
  std::printf("  candidate %s (%s), base %s (%s)\n", eps[0]->spec().label.c_str(),
              eps[0]->model().c_str(), eps[1]->spec().label.c_str(), eps[1]->model().c_str());
  std::printf("  %d prompts (%d planned for power %.2f at alpha %.3g), %d queries, %.1f s; unit: %s\n",
              r.prompts, r.prompts_planned, o.power, o.alpha, r.queries, r.seconds, r.unit.c_str());
  std::printf("  candidate vs base: first match %.3f, mean matched prefix %.2f\n",
              r.first_match_rate_base, r.mean_prefix_base);
  for (const ControlAgreement& c : r.controls) {
    std::printf(
        "  control %s: first match %.3f, mean prefix %.2f; base closer %d, control closer %d, "
        "ties %d; sign test p %.3g, Holm p %.3g\n",
        c.label.c_str(), c.first_match_rate, c.mean_prefix, c.wins, c.losses, c.ties, c.p,
        c.p_holm);
  }
  for (const std::string& l : r.limitations) std::printf("  limitation: %s\n", l.c_str());
}

int Run(const BehaviourFlags& f) {
  const Lang lang = LangOf(f.lang);
  auto specs = Specs(f);
  if (!specs.ok()) return Fail("behaviour", specs.status().message(), kExitUsage, lang);
  std::unique_ptr<TranscriptStore> store;
  if (!f.no_store || f.replay) {
    const std::string path = f.transcripts.empty() ? DefaultTranscriptPath(std::getenv)
                                                   : f.transcripts;
    auto s = TranscriptStore::Open(path, f.replay);
    if (!s.ok()) return ReportError("behaviour", s.status(), lang);
    store = std::move(*s);
  }
  EndpointOptions options;
  options.timeout_s = f.timeout_s;
  options.max_retries = f.retries;
  options.verbose = f.verbose;
  std::vector<std::unique_ptr<EndpointClient>> eps;
  for (const EndpointSpec& s : *specs) {
    auto c = EndpointClient::Connect(s, ApiKeyFor(s.label, std::getenv), options, store.get(),
                                     f.replay);
    if (!c.ok()) return ReportError("behaviour", c.status(), lang);
    eps.push_back(std::move(*c));
  }
  std::vector<EndpointClient*> controls;
  for (size_t i = 2; i < eps.size(); ++i) controls.push_back(eps[i].get());
  AgreementOptions o = f.agreement;
  o.stream = f.stream;
  auto r = RunAgreement(*eps[0], *eps[1], controls, o);
  if (!r.ok()) return ReportError("behaviour", r.status(), lang);
  if (f.json) {
    nlohmann::json j = AgreementToJson(*r, o);
    nlohmann::json endpoints = nlohmann::json::array();
    for (const auto& e : eps) {
      endpoints.push_back({{"label", e->spec().label}, {"identity", e->identity()}});
    }
    PrintJson({{"behaviour", {{"endpoints", endpoints},
                              {"replayed", f.replay},
                              {"transcripts", store ? store->path() : ""},
                              {"agreement", j}}}});
  } else {
    PrintText(*r, o, eps, lang);
  }
  return kExitOk;
}

}  // namespace

int RunBehaviour(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.behaviour"), "lineage behaviour"};
  BehaviourFlags flags;
  AddFlags(app, flags);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  return Run(flags);
}

int RunTranscripts(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.transcripts"), "lineage transcripts"};
  app.require_subcommand(1);
  std::string path;
  bool jsonl = false;
  CLI::App* exp = app.add_subcommand("export", "help.transcripts.export");
  exp->add_option("--transcripts", path, "help.opt.behaviour.transcripts");
  exp->add_flag("--jsonl", jsonl, "help.opt.transcripts.jsonl")->required();
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  if (path.empty()) path = DefaultTranscriptPath(std::getenv);
  auto store = TranscriptStore::Open(path, true);
  if (!store.ok()) return ReportError("transcripts", store.status());
  std::ostringstream out;
  Status st = (*store)->ExportJsonl(out);
  if (!st.ok()) return ReportError("transcripts", st);
  std::fwrite(out.str().data(), 1, out.str().size(), stdout);
  return kExitOk;
}

}  // namespace lineage::cli
