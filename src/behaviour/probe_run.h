// Running the probe suites (behaviour/probe_suite.h) against served models and turning the
// answers into observations (docs/METHODS.md §15, "Probe suites"; JSON: docs/JSON_SCHEMA.md,
// behaviour.probes).
//
// Contract:
//   - Every endpoint gets the same requests: identity, cutoff and refusal prompts of the chosen
//     languages as one-message chats (greedy, max_tokens), and each tokenizer string as a text
//     prompt to /v1/completions with max_tokens 1, whose usage.prompt_tokens is recorded.
//   - Observations only: what a model says about itself is a claim; refusal rates and a cutoff
//     estimate describe the served model; none of it enters a verdict.
//   - An endpoint error in the chat probes stops the run with that error (no partial table). A
//     failed tokenizer query (e.g. a chat-only server) is a stated limitation, not an error.
//   - Replays like every other query (EndpointClient). Queries run on `concurrency` threads;
//     RunProbes itself is called from one thread.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "behaviour/endpoint.h"
#include "behaviour/probe_classify.h"
#include "behaviour/probe_suite.h"
#include "util/status.h"

namespace lineage {

struct ProbeOptions {
  std::vector<std::string> suites = {"identity", "cutoff", "refusal", "tokenizer"};
  std::vector<std::string> languages = {"en", "ko"};
  int max_tokens = 64;
  int concurrency = 4;
  bool stream = false;
};

// "all" or a comma-separated subset of identity,cutoff,refusal,tokenizer; an unknown name is an
// error. Likewise "en", "ko" or "en,ko" for languages.
Result<std::vector<std::string>> ParseProbeSuites(const std::string& flag);
Result<std::vector<std::string>> ParseProbeLanguages(const std::string& flag);

// The behaviour.probes object: per endpoint the observations of every suite run, and the
// tokenizer-count agreement of every pair of endpoints.
Result<nlohmann::json> RunProbes(const std::vector<EndpointClient*>& endpoints,
                                 const ProbeSuites& suites, const ProbeOptions& options);

}  // namespace lineage
