// The behaviour run shared by `lineage behaviour` and `lineage compare --endpoint`: endpoint
// flags → connected clients (with the transcript store) → the output-agreement test → its JSON.
// Not thread-safe (one run per command); API keys come from the environment and never leave it
// except as the Authorization header.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "behaviour/agreement.h"
#include "behaviour/endpoint.h"
#include "behaviour/transcript_store.h"
#include "util/status.h"

namespace lineage::cli {

struct BehaviourRunFlags {
  std::vector<std::string> endpoint_models;  // LABEL=ID
  std::string transcripts;                   // "" = the default store
  bool replay = false, no_store = false, stream = false, verbose = false;
  double timeout_s = 60;
  int retries = 4;
  AgreementOptions agreement;
};

struct BehaviourRun {
  std::unique_ptr<TranscriptStore> store;
  std::vector<std::unique_ptr<EndpointClient>> endpoints;  // candidate, base, controls...
  AgreementResult result;
  nlohmann::json json;  // {"endpoints", "replayed", "transcripts", "agreement"}
};

// `specs` = candidate, base, then the controls (LABEL=URL already parsed); --endpoint-model
// choices are applied by label, and one naming no endpoint is an error.
Result<BehaviourRun> RunBehaviourSection(std::vector<EndpointSpec> specs,
                                         const BehaviourRunFlags& f);

}  // namespace lineage::cli
