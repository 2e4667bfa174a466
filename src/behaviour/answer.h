// One answer of an OpenAI-compatible server (completions or chat), parsed from its JSON body or
// from its SSE stream, and the model list of /v1/models.
//
// Contract:
//   - ParseAnswerJson / ParseAnswerSse take the whole body of one answer. Only choices[0] is read
//     (lineage asks for n = 1). Anything that is not the documented shape — invalid JSON, a
//     missing or mistyped field, an `error` object, logprob arrays of different lengths, a
//     non-numeric logprob, SSE chunks naming different models — is refused as kCorrupt naming
//     `source` (the URL). Logprobs are optional: has_logprobs says whether the server sent them.
//   - AnswerToJson / AnswerFromJson are the transcript store's form of an Answer (lossless).
//   - Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace lineage {

enum class ApiKind { kCompletions, kChat };

struct TopLogprob {
  std::string token;
  double logprob = 0;
};

struct Answer {
  std::string id;
  std::string model;               // the model the server says answered
  std::string system_fingerprint;  // "" when absent
  std::string finish_reason;       // "" when absent
  std::string text;
  bool has_logprobs = false;
  std::vector<std::string> tokens;  // with logprobs: the generated tokens' texts
  std::vector<double> token_logprobs;
  std::vector<std::vector<TopLogprob>> top_logprobs;  // per token; empty lists if not asked
  int64_t prompt_tokens = -1;                         // usage; -1 when absent
  int64_t completion_tokens = -1;
};

Result<Answer> ParseAnswerJson(std::string_view body, const std::string& source, ApiKind kind);
Result<Answer> ParseAnswerSse(std::string_view body, const std::string& source, ApiKind kind);

nlohmann::json AnswerToJson(const Answer& a);
Result<Answer> AnswerFromJson(const nlohmann::json& j, const std::string& source);

struct ServedModel {
  std::string id;
  int64_t n_vocab = 0;  // llama.cpp's meta.n_vocab; 0 when the server does not say
};

// /v1/models: {"data": [{"id": ...}, ...]}. An empty list is refused.
Result<std::vector<ServedModel>> ParseModelList(std::string_view body, const std::string& source);

// POST /tokenize (llama.cpp's server, vLLM): {"tokens": [id, ...], ...}. Every id must be an
// integer in [0, 2^31); llama.cpp's {"id", "piece"} objects (with_pieces) are read by their id.
// Anything else is refused as kCorrupt naming `source`; an empty list is a valid answer (the
// empty string).
Result<std::vector<int64_t>> ParseTokenizeJson(std::string_view body, const std::string& source);

}  // namespace lineage
