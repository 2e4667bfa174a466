#include "behaviour/endpoint.h"

#include <cctype>
#include <chrono>

#include "behaviour/introspect.h"
#include "io/http/url.h"

namespace lineage {
namespace {

constexpr uint64_t kMaxAnswerBytes = uint64_t{64} << 20;

std::string TrimBase(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.size() >= 3 && url.compare(url.size() - 3, 3, "/v1") == 0) url.resize(url.size() - 3);
  return url;
}

std::string Describe(const EndpointSpec& s) { return "endpoint " + s.label + " (" + s.url + ")"; }

// The replay key of a request (TranscriptStore's contract): a GET when there is no body.
std::string ReplayKey(const std::string& url, const std::string& path, const std::string& body) {
  return (body.empty() ? "GET " : "POST ") + url + path + "\n" + body;
}

}  // namespace

Result<EndpointSpec> ParseEndpointFlag(const std::string& flag) {
  const size_t eq = flag.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == flag.size()) {
    return InvalidArgument("'" + flag + "': an endpoint is LABEL=URL");
  }
  EndpointSpec s{flag.substr(0, eq), TrimBase(flag.substr(eq + 1)), ""};
  // Checked first, so that a refused URL with credentials is never echoed.
  if (s.url.find('@') != std::string::npos) {
    return InvalidArgument("endpoint " + s.label +
                           ": put credentials in LINEAGE_API_KEY_<LABEL>, not in the URL");
  }
  auto url = ParseUrl(s.url);
  if (!url)
    return InvalidArgument("endpoint " + s.label + ": '" + s.url + "' is not an http(s) URL");
  return s;
}

std::string ApiKeyEnvName(const std::string& label) {
  std::string name = "LINEAGE_API_KEY_";
  for (unsigned char c : label)
    name.push_back(std::isalnum(c) ? static_cast<char>(std::toupper(c)) : '_');
  return name;
}

std::string ApiKeyFor(const std::string& label,
                      const std::function<const char*(const char*)>& getenv) {
  const char* own = getenv(ApiKeyEnvName(label).c_str());
  if (own != nullptr && *own != '\0') return own;
  const char* shared = getenv("OPENAI_API_KEY");
  return shared != nullptr ? shared : "";
}

Result<std::unique_ptr<EndpointClient>> EndpointClient::Connect(const EndpointSpec& spec,
                                                                const std::string& api_key,
                                                                const EndpointOptions& options,
                                                                TranscriptStore* store,
                                                                bool replay) {
  std::unique_ptr<EndpointClient> c(new EndpointClient());
  c->spec_ = spec;
  c->spec_.url = TrimBase(spec.url);
  c->store_ = store;
  c->replay_ = replay;
  if (replay && store == nullptr) return InvalidArgument("--replay needs a transcript store");
  if (!replay) {
    HttpClientOptions h;
    auto url = ParseUrl(c->spec_.url);
    if (!url) return InvalidArgument(Describe(spec) + ": not an http(s) URL");
    Url origin = *url;
    origin.path = "/";
    h.endpoint = origin.ToString();
    h.token = api_key;
    h.connect_timeout_s = options.connect_timeout_s;
    h.stall_timeout_s = options.timeout_s;
    h.total_timeout_s = options.timeout_s;
    h.max_retries = options.max_retries;
    h.backoff_initial_s = options.backoff_initial_s;
    h.verbose = options.verbose;
    LINEAGE_ASSIGN_OR_RETURN(c->http_, HttpClient::Create(std::move(h)));
  }
  LINEAGE_RETURN_IF_ERROR(c->Introspect());
  return c;
}

Status EndpointClient::Introspect() {
  long status = 0;
  auto models_body = Fetch("/v1/models", "", &status);
  if (!models_body.ok()) return models_body.status().WithContext(Describe(spec_));
  LINEAGE_ASSIGN_OR_RETURN(std::vector<ServedModel> models,
                           ParseModelList(*models_body, spec_.url + "/v1/models"));
  const ServedModel* chosen = nullptr;
  std::string listed;
  for (const ServedModel& m : models) {
    listed += (listed.empty() ? "" : ", ") + m.id;
    if (m.id == spec_.model) chosen = &m;
  }
  if (spec_.model.empty() && models.size() == 1) chosen = &models[0];
  if (chosen == nullptr) {
    return InvalidArgument(
        Describe(spec_) +
        (spec_.model.empty()
             ? " serves several models (" + listed + "): choose one with --endpoint-model " +
                   spec_.label + "=ID"
             : " does not serve model '" + spec_.model + "' (it lists: " + listed + ")"));
  }
  spec_.model = chosen->id;
  n_vocab_ = chosen->n_vocab;
  identity_ = {{"url", spec_.url}, {"model", spec_.model}, {"n_vocab", n_vocab_}};
  // Optional identity (behaviour/introspect.h): a server without a route is not an error, and
  // a body that does not parse adds nothing.
  if (auto props = Fetch("/props", "", &status); props.ok()) {
    if (auto j = ParseLlamaCppProps(*props); !j.empty()) identity_["props"] = j;
  }
  if (auto info = Fetch("/info", "", &status); info.ok()) {
    if (auto j = ParseTgiInfo(*info); !j.empty()) identity_["tgi_info"] = j;
  }
  const std::string show_body = nlohmann::json({{"model", spec_.model}}).dump();
  if (auto show = Fetch("/api/show", show_body, &status); show.ok()) {
    if (auto j = ParseOllamaShow(*show); !j.empty()) identity_["ollama_show"] = j;
  }
  return Status::Ok();
}

Result<std::string> EndpointClient::Fetch(const std::string& path, const std::string& body,
                                          long* status) {
  const std::string key = ReplayKey(spec_.url, path, body);
  if (replay_) {
    std::lock_guard<std::mutex> lock(store_mu_);
    LINEAGE_ASSIGN_OR_RETURN(std::optional<TranscriptRecord> r, store_->Get(key));
    if (!r) {
      return NotFound(Describe(spec_) + ": --replay: the store " + store_->path() +
                      " has no answer for " + (body.empty() ? "GET " : "POST ") + path);
    }
    *status = r->status;
    return r->response;
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto r = body.empty() ? http_->GetWhole(spec_.url + path, kMaxAnswerBytes, stats_)
                        : http_->PostJson(spec_.url + path, body, kMaxAnswerBytes, stats_);
  if (!r.ok() && r.status().code() == Status::Code::kAuth) {
    // The HTTP client's hint names the hub's token; an endpoint's key comes from elsewhere.
    return AuthError(std::string(body.empty() ? "GET " : "POST ") + spec_.url + path +
                     ": the server refused the request (401/403): set " +
                     ApiKeyEnvName(spec_.label) + " or OPENAI_API_KEY to a valid API key");
  }
  if (!r.ok()) return r.status();
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  *status = r->status;
  std::string text(r->body.begin(), r->body.end());
  if (store_ != nullptr) {
    std::lock_guard<std::mutex> lock(store_mu_);
    TranscriptRecord rec{key, spec_.label, identity_.dump(), r->status, text, ms, ""};
    LINEAGE_RETURN_IF_ERROR(store_->Put(rec));
  }
  return text;
}

Result<std::vector<int64_t>> EndpointClient::Tokenize(const std::string& text) {
  // llama.cpp reads content/add_special, vLLM prompt/add_special_tokens; each ignores the other's.
  const nlohmann::json body = {{"model", spec_.model},
                               {"content", text},
                               {"prompt", text},
                               {"add_special", false},
                               {"add_special_tokens", false}};
  long status = 0;
  auto raw = Fetch("/tokenize", body.dump(), &status);
  if (!raw.ok()) return raw.status().WithContext(Describe(spec_));
  return ParseTokenizeJson(*raw, spec_.url + "/tokenize");
}

Result<Answer> EndpointClient::Complete(const CompletionRequest& req) {
  nlohmann::json body = {{"model", spec_.model},
                         {"max_tokens", req.max_tokens},
                         {"temperature", 0},
                         {"stream", req.stream}};
  const bool chat = req.kind == ApiKind::kChat;
  if (chat) {
    body["messages"] = {{{"role", "user"}, {"content", req.prompt_text}}};
    if (req.top_logprobs >= 0) {
      body["logprobs"] = true;
      body["top_logprobs"] = req.top_logprobs;
    }
  } else {
    if (req.prompt_tokens.empty()) {
      body["prompt"] = req.prompt_text;
    } else {
      body["prompt"] = req.prompt_tokens;
    }
    if (req.top_logprobs >= 0) body["logprobs"] = req.top_logprobs;
  }
  const std::string path = chat ? "/v1/chat/completions" : "/v1/completions";
  const std::string text = body.dump();
  const std::string key = ReplayKey(spec_.url, path, text);
  std::optional<std::string> previous;
  if (store_ != nullptr && !replay_) {
    std::lock_guard<std::mutex> lock(store_mu_);
    LINEAGE_ASSIGN_OR_RETURN(std::optional<TranscriptRecord> r, store_->Get(key));
    if (r) previous = r->response;
  }
  long status = 0;
  queries_.fetch_add(1);
  auto raw = Fetch(path, text, &status);
  if (!raw.ok()) return raw.status().WithContext(Describe(spec_));
  const std::string source = spec_.url + path;
  const ApiKind kind = req.kind;
  auto parse = [&](const std::string& b) {
    return req.stream ? ParseAnswerSse(b, source, kind) : ParseAnswerJson(b, source, kind);
  };
  LINEAGE_ASSIGN_OR_RETURN(Answer a, parse(*raw));
  if (a.model != spec_.model) {
    return Corrupt(source, "answered for model '" + a.model + "', but lineage asked for '" +
                               spec_.model + "' (" + spec_.label + ")");
  }
  if (previous) {
    auto old = parse(*previous);
    if (!old.ok() || old->text != a.text || old->tokens != a.tokens) drifts_.fetch_add(1);
  }
  return a;
}

}  // namespace lineage
