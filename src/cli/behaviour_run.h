// The behaviour run shared by `lineage behaviour` and `lineage compare --endpoint`: endpoint
// flags → connected clients (with the transcript store) → the output-agreement test (when a base
// and a control are given) and the probe suites (when asked for) → their JSON.
// Not thread-safe (one run per command); API keys come from the environment and never leave it
// except as the Authorization header.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
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
  std::string probes;                // "" = none; "all" or a list (behaviour/probe_run.h)
  std::string probe_lang = "en,ko";  // the probe languages
  int probe_tokens = 64;             // max_tokens of a probe answer
  std::string prompt_mode = "auto";  // the agreement test's prompts (behaviour/agreement.h)
};

struct BehaviourRun {
  std::unique_ptr<TranscriptStore> store;
  std::vector<std::unique_ptr<EndpointClient>> endpoints;  // candidate, base, controls...
  bool agreement_run = false;  // a base and at least one control were given
  AgreementResult result;
  nlohmann::json json;  // {"endpoints", "replayed", "transcripts", ["agreement"], ["probes"]}
};

// Applies the --endpoint-model LABEL=ID choices to `specs`; an InvalidArgument (a usage error) for
// a malformed choice, a choice naming no endpoint, or a label given twice. RunBehaviourSection
// applies them too; commands call it first to report flag errors before any analysis.
Status ApplyModelChoices(const std::vector<std::string>& flags, std::vector<EndpointSpec>& specs);

// `specs` = candidate, then the base and the controls (LABEL=URL already parsed); --endpoint-model
// choices are applied by label, and one naming no endpoint is an error. A candidate alone is a
// probes-only run (an error without --probes); a base without a control is an error.
// --probes, --probe-lang, --probe-tokens, --prompt-mode (shared by `behaviour` and `compare`).
void AddProbeFlags(CLI::App& app, BehaviourRunFlags& f);

Result<BehaviourRun> RunBehaviourSection(std::vector<EndpointSpec> specs,
                                         const BehaviourRunFlags& f);

}  // namespace lineage::cli
