#include "cli/behaviour_run.h"

#include <cstdlib>
#include <map>

#include "behaviour/probe_run.h"

namespace lineage::cli {
namespace {

Result<nlohmann::json> RunProbeSection(const BehaviourRun& run, const BehaviourRunFlags& f) {
  ProbeOptions o;
  LINEAGE_ASSIGN_OR_RETURN(o.suites, ParseProbeSuites(f.probes));
  LINEAGE_ASSIGN_OR_RETURN(o.languages, ParseProbeLanguages(f.probe_lang));
  o.max_tokens = f.probe_tokens;
  o.concurrency = f.agreement.concurrency;
  o.stream = f.stream;
  LINEAGE_ASSIGN_OR_RETURN(std::string dir, DefaultProbeDir());
  LINEAGE_ASSIGN_OR_RETURN(ProbeSuites suites, LoadProbeSuites(dir));
  std::vector<EndpointClient*> eps;
  for (const auto& e : run.endpoints) eps.push_back(e.get());
  LINEAGE_ASSIGN_OR_RETURN(nlohmann::json j, RunProbes(eps, suites, o));
  j["suite_dir"] = dir;
  return j;
}

}  // namespace

Status ApplyModelChoices(const std::vector<std::string>& flags, std::vector<EndpointSpec>& specs) {
  std::map<std::string, std::string> models;
  for (const std::string& f : flags) {
    const size_t eq = f.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == f.size()) {
      return InvalidArgument("--endpoint-model '" + f + "': expected LABEL=ID");
    }
    models[f.substr(0, eq)] = f.substr(eq + 1);
  }
  for (const auto& [label, id] : models) {
    bool known = false;
    for (EndpointSpec& s : specs) {
      if (s.label != label) continue;
      s.model = id;
      known = true;
    }
    if (!known) return InvalidArgument("--endpoint-model names no endpoint label '" + label + "'");
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (specs[i].label == specs[j].label) {
        return InvalidArgument("endpoint label '" + specs[i].label + "' is given twice");
      }
    }
  }
  return Status::Ok();
}

void AddProbeFlags(CLI::App& app, BehaviourRunFlags& f) {
  app.add_option("--probes", f.probes, "help.opt.behaviour.probes");
  app.add_option("--probe-lang", f.probe_lang, "help.opt.behaviour.probe_lang");
  app.add_option("--probe-tokens", f.probe_tokens, "help.opt.behaviour.probe_tokens")
      ->check(CLI::Range(1, 1024));
  app.add_option("--prompt-mode", f.prompt_mode, "help.opt.behaviour.prompt_mode")
      ->check(CLI::IsMember({"auto", "tokens", "chat"}));
}

Result<BehaviourRun> RunBehaviourSection(std::vector<EndpointSpec> specs,
                                         const BehaviourRunFlags& f) {
  LINEAGE_RETURN_IF_ERROR(ApplyModelChoices(f.endpoint_models, specs));
  if (specs.size() < 2 && f.probes.empty()) {
    return InvalidArgument(
        "nothing to run: the agreement test needs a base and at least one control, and no "
        "--probes were asked for");
  }
  if (!f.probes.empty()) {  // flag errors before any query
    LINEAGE_RETURN_IF_ERROR(ParseProbeSuites(f.probes).status());
    LINEAGE_RETURN_IF_ERROR(ParseProbeLanguages(f.probe_lang).status());
  }
  BehaviourRun run;
  if (!f.no_store || f.replay) {
    const std::string path =
        f.transcripts.empty() ? DefaultTranscriptPath(std::getenv) : f.transcripts;
    LINEAGE_ASSIGN_OR_RETURN(run.store, TranscriptStore::Open(path, f.replay));
  }
  EndpointOptions options;
  options.timeout_s = f.timeout_s;
  options.max_retries = f.retries;
  options.verbose = f.verbose;
  for (const EndpointSpec& s : specs) {
    LINEAGE_ASSIGN_OR_RETURN(auto c, EndpointClient::Connect(s, ApiKeyFor(s.label, std::getenv),
                                                             options, run.store.get(), f.replay));
    run.endpoints.push_back(std::move(c));
  }
  AgreementOptions o = f.agreement;
  o.stream = f.stream;
  o.prompt_mode = f.prompt_mode;
  run.agreement_run = run.endpoints.size() > 1;
  if (run.agreement_run && f.prompt_mode != "tokens") {
    // auto only falls back to chat prompts when they are shipped; chat needs them.
    // The chat prompts' language is the first of --probe-lang (default en,ko: English).
    LINEAGE_ASSIGN_OR_RETURN(std::vector<std::string> langs, ParseProbeLanguages(f.probe_lang));
    o.chat_lang = langs.front();
    auto dir = DefaultProbeDir();
    auto prompts = dir.ok() ? LoadChatPrompts(*dir, o.chat_lang)
                            : Result<std::vector<std::string>>(dir.status());
    if (prompts.ok()) o.chat_prompts = std::move(*prompts);
    if (!prompts.ok() && f.prompt_mode == "chat") return prompts.status();
  }
  if (run.agreement_run) {
    std::vector<EndpointClient*> controls;
    for (size_t i = 2; i < run.endpoints.size(); ++i) controls.push_back(run.endpoints[i].get());
    LINEAGE_ASSIGN_OR_RETURN(run.result,
                             RunAgreement(*run.endpoints[0], *run.endpoints[1], controls, o));
  }
  nlohmann::json endpoints = nlohmann::json::array();
  for (const auto& e : run.endpoints) {
    endpoints.push_back({{"label", e->spec().label}, {"identity", e->identity()}});
  }
  run.json = {{"endpoints", endpoints},
              {"replayed", f.replay},
              {"transcripts", run.store ? run.store->path() : ""}};
  if (run.agreement_run) run.json["agreement"] = AgreementToJson(run.result, o);
  if (!f.probes.empty()) {
    LINEAGE_ASSIGN_OR_RETURN(run.json["probes"], RunProbeSection(run, f));
  }
  return run;
}

}  // namespace lineage::cli
