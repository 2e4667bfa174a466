#include "cli/behaviour_run.h"

#include <cstdlib>
#include <map>

namespace lineage::cli {
namespace {

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

}  // namespace

Result<BehaviourRun> RunBehaviourSection(std::vector<EndpointSpec> specs,
                                         const BehaviourRunFlags& f) {
  LINEAGE_RETURN_IF_ERROR(ApplyModelChoices(f.endpoint_models, specs));
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
  std::vector<EndpointClient*> controls;
  for (size_t i = 2; i < run.endpoints.size(); ++i) controls.push_back(run.endpoints[i].get());
  AgreementOptions o = f.agreement;
  o.stream = f.stream;
  LINEAGE_ASSIGN_OR_RETURN(run.result,
                           RunAgreement(*run.endpoints[0], *run.endpoints[1], controls, o));
  nlohmann::json endpoints = nlohmann::json::array();
  for (const auto& e : run.endpoints) {
    endpoints.push_back({{"label", e->spec().label}, {"identity", e->identity()}});
  }
  run.json = {{"endpoints", endpoints},
              {"replayed", f.replay},
              {"transcripts", run.store ? run.store->path() : ""},
              {"agreement", AgreementToJson(run.result, o)}};
  return run;
}

}  // namespace lineage::cli
