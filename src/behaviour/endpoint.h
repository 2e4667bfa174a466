// EndpointClient: one served model behind an OpenAI-compatible API (vLLM, llama.cpp's server,
// Ollama, TGI, SGLang), queried for greedy completions, live or replayed from a TranscriptStore.
//
// Contract:
//   - An endpoint is LABEL=URL; URL is the base the server's /v1/... paths hang off (a trailing
//     "/v1" or "/" is dropped). The model is `model` when given, else the only one /v1/models
//     lists; several listed without a choice is an error naming them. llama.cpp's /props, TGI's
//     /info and Ollama's /api/show are read when offered, as server identity
//     (behaviour/introspect.h); their absence or a body that does not parse is not an error.
//   - The API key is LINEAGE_API_KEY_<LABEL> (upper-cased, non-alphanumerics as '_'), else
//     OPENAI_API_KEY. It is sent as a Bearer header to the endpoint's origin only and never
//     appears in a message, a log line or the transcript store.
//   - Complete sends one request (retried with backoff on 429/5xx/timeouts, honouring
//     Retry-After; each attempt at most options.timeout_s) and checks the answer: an answer for
//     another model than the one asked for, malformed JSON or a broken SSE stream is an error.
//   - With a store, every request/answer is recorded; an answer that differs (text or tokens)
//     from the first one stored for the same request counts as a drift (drifts()). With replay,
//     no request leaves the machine: answers come from the store, and a request it lacks is an
//     error naming the label.
//   - Thread-safe: Complete may be called from many threads; the store is used under a mutex.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "behaviour/answer.h"
#include "behaviour/transcript_store.h"
#include "io/http/client.h"
#include "io/read_stats.h"
#include "util/status.h"

namespace lineage {

struct EndpointSpec {
  std::string label;
  std::string url;
  std::string model;  // "" = decided by /v1/models
};

// "LABEL=URL" → spec; the URL must be http(s) without credentials.
Result<EndpointSpec> ParseEndpointFlag(const std::string& flag);
std::string ApiKeyEnvName(const std::string& label);
// The key for `label` from the environment ("" when none); `getenv` injected for tests.
std::string ApiKeyFor(const std::string& label,
                      const std::function<const char*(const char*)>& getenv);

struct EndpointOptions {
  double timeout_s = 60;
  double connect_timeout_s = 10;
  int max_retries = 4;
  double backoff_initial_s = 0.5;
  bool verbose = false;
};

struct CompletionRequest {
  ApiKind kind = ApiKind::kCompletions;
  std::vector<int> prompt_tokens;  // completions: a token-id prompt, when not empty
  std::string prompt_text;         // completions: a text prompt; chat: the user message
  int max_tokens = 16;
  int top_logprobs = 0;  // < 0: no logprobs asked
  bool stream = false;
};

class EndpointClient {
 public:
  static Result<std::unique_ptr<EndpointClient>> Connect(const EndpointSpec& spec,
                                                         const std::string& api_key,
                                                         const EndpointOptions& options,
                                                         TranscriptStore* store, bool replay);
  Result<Answer> Complete(const CompletionRequest& request);
  // POST <url>/tokenize (llama.cpp's server and vLLM offer it): the server's token ids for
  // `text`, without special tokens; recorded and replayed like Complete. A server without the
  // route gives its HTTP error (the caller falls back to usage.prompt_tokens).
  Result<std::vector<int64_t>> Tokenize(const std::string& text);

  const EndpointSpec& spec() const { return spec_; }
  const std::string& model() const { return spec_.model; }
  int64_t n_vocab() const { return n_vocab_; }
  const nlohmann::json& identity() const { return identity_; }
  int drifts() const { return drifts_.load(); }
  int queries() const { return queries_.load(); }
  ReadStats& stats() { return stats_; }

 private:
  EndpointClient() = default;
  Result<std::string> Fetch(const std::string& path, const std::string& body, long* status);
  Status Introspect();

  EndpointSpec spec_;
  std::unique_ptr<HttpClient> http_;  // null when replaying
  TranscriptStore* store_ = nullptr;
  bool replay_ = false;
  std::mutex store_mu_;
  int64_t n_vocab_ = 0;
  nlohmann::json identity_ = nlohmann::json::object();
  std::atomic<int> drifts_{0};
  std::atomic<int> queries_{0};
  ReadStats stats_;
};

}  // namespace lineage
