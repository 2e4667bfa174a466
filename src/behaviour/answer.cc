#include "behaviour/answer.h"

#include <cmath>

#include "behaviour/sse.h"
#include "util/json.h"

namespace lineage {
namespace {

using nlohmann::json;

const json* Field(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

std::string StringOr(const json& j, const char* key, std::string fallback = "") {
  const json* v = Field(j, key);
  return v != nullptr && v->is_string() ? v->get<std::string>() : fallback;
}

Status Bad(const std::string& source, const std::string& what) {
  return Corrupt(source, "not an OpenAI-compatible answer: " + what);
}

Result<double> Logprob(const json& v, const std::string& source) {
  if (!v.is_number()) return Bad(source, "a logprob is not a number");
  const double x = v.get<double>();
  if (std::isnan(x) || x > 1e-6) return Bad(source, "a logprob is not <= 0");
  return x;
}

// completions: {"tokens": [...], "token_logprobs": [...], "top_logprobs": [{tok: lp}, ...]}
Status AppendCompletionLogprobs(const json& lp, const std::string& source, Answer& a) {
  const json* tokens = Field(lp, "tokens");
  const json* lps = Field(lp, "token_logprobs");
  if (tokens == nullptr || lps == nullptr || !tokens->is_array() || !lps->is_array() ||
      tokens->size() != lps->size()) {
    return Bad(source, "logprobs.tokens and logprobs.token_logprobs are not arrays of one length");
  }
  const json* tops = Field(lp, "top_logprobs");
  if (tops != nullptr && (!tops->is_array() || tops->size() != tokens->size())) {
    return Bad(source, "logprobs.top_logprobs has another length than logprobs.tokens");
  }
  for (size_t i = 0; i < tokens->size(); ++i) {
    if (!(*tokens)[i].is_string()) return Bad(source, "a logprobs token is not a string");
    a.tokens.push_back((*tokens)[i].get<std::string>());
    LINEAGE_ASSIGN_OR_RETURN(double x, Logprob((*lps)[i], source));
    a.token_logprobs.push_back(x);
    std::vector<TopLogprob> top;
    if (tops != nullptr && !(*tops)[i].is_null()) {
      if (!(*tops)[i].is_object()) return Bad(source, "a top_logprobs entry is not an object");
      for (const auto& [tok, v] : (*tops)[i].items()) {
        LINEAGE_ASSIGN_OR_RETURN(double y, Logprob(v, source));
        top.push_back({tok, y});
      }
    }
    a.top_logprobs.push_back(std::move(top));
  }
  return Status::Ok();
}

Result<TopLogprob> ChatEntry(const json& e, const std::string& source) {
  const json* tok = Field(e, "token");
  const json* lp = Field(e, "logprob");
  if (tok == nullptr || !tok->is_string() || lp == nullptr) {
    return Bad(source, "a logprobs.content entry lacks token or logprob");
  }
  LINEAGE_ASSIGN_OR_RETURN(double x, Logprob(*lp, source));
  return TopLogprob{tok->get<std::string>(), x};
}

// chat: {"content": [{"token", "logprob", "top_logprobs": [{"token", "logprob"}]}]}
Status AppendChatLogprobs(const json& lp, const std::string& source, Answer& a) {
  const json* content = Field(lp, "content");
  if (content == nullptr || !content->is_array()) {
    return Bad(source, "logprobs.content is not an array");
  }
  for (const json& e : *content) {
    LINEAGE_ASSIGN_OR_RETURN(TopLogprob t, ChatEntry(e, source));
    a.tokens.push_back(t.token);
    a.token_logprobs.push_back(t.logprob);
    std::vector<TopLogprob> top;
    if (const json* tops = Field(e, "top_logprobs"); tops != nullptr) {
      if (!tops->is_array()) return Bad(source, "top_logprobs is not an array");
      for (const json& t2 : *tops) {
        LINEAGE_ASSIGN_OR_RETURN(TopLogprob x, ChatEntry(t2, source));
        top.push_back(std::move(x));
      }
    }
    a.top_logprobs.push_back(std::move(top));
  }
  return Status::Ok();
}

// Adds one body, or one SSE chunk, to `a`.
Status AppendChoice(const json& j, const std::string& source, ApiKind kind, bool stream,
                    Answer& a) {
  if (const json* err = Field(j, "error"); err != nullptr) {
    return Corrupt(source, "the server answered with an error: " + err->dump().substr(0, 300));
  }
  const json* choices = Field(j, "choices");
  if (choices == nullptr || !choices->is_array()) return Bad(source, "no choices array");
  if (choices->empty()) return stream ? Status::Ok() : Bad(source, "choices is empty");
  const json& c = (*choices)[0];
  const json* part = nullptr;
  if (kind == ApiKind::kCompletions) {
    part = Field(c, "text");
  } else if (const json* m = Field(c, stream ? "delta" : "message"); m != nullptr) {
    part = Field(*m, "content");
  } else if (!stream) {
    return Bad(source, "choices[0].message is missing");
  }
  if (part != nullptr && !part->is_string()) return Bad(source, "the answer text is not a string");
  if (part == nullptr && kind == ApiKind::kCompletions && !stream) {
    return Bad(source, "choices[0].text is missing");
  }
  if (part != nullptr) a.text += part->get<std::string>();
  if (const json* fin = Field(c, "finish_reason"); fin != nullptr && fin->is_string()) {
    a.finish_reason = fin->get<std::string>();
  }
  if (const json* lp = Field(c, "logprobs"); lp != nullptr) {
    a.has_logprobs = true;
    return kind == ApiKind::kCompletions ? AppendCompletionLogprobs(*lp, source, a)
                                         : AppendChatLogprobs(*lp, source, a);
  }
  return Status::Ok();
}

Status ReadHead(const json& j, const std::string& source, Answer& a) {
  if (!j.is_object()) return Bad(source, "the body is not a JSON object");
  const std::string model = StringOr(j, "model");
  if (!a.model.empty() && !model.empty() && model != a.model) {
    return Corrupt(source, "stream chunks name two models: '" + a.model + "' and '" + model + "'");
  }
  if (!model.empty()) a.model = model;
  if (a.id.empty()) a.id = StringOr(j, "id");
  if (a.system_fingerprint.empty()) a.system_fingerprint = StringOr(j, "system_fingerprint");
  if (const json* u = Field(j, "usage"); u != nullptr && u->is_object()) {
    const json* p = Field(*u, "prompt_tokens");
    const json* c = Field(*u, "completion_tokens");
    if (p != nullptr && p->is_number_integer()) a.prompt_tokens = p->get<int64_t>();
    if (c != nullptr && c->is_number_integer()) a.completion_tokens = c->get<int64_t>();
  }
  return Status::Ok();
}

Status CheckLogprobs(const Answer& a, const std::string& source, bool stream_mixed) {
  if (stream_mixed) return Bad(source, "some stream chunks carry logprobs and some do not");
  if (a.model.empty()) return Bad(source, "no model field");
  return Status::Ok();
}

}  // namespace

Result<Answer> ParseAnswerJson(std::string_view body, const std::string& source, ApiKind kind) {
  LINEAGE_ASSIGN_OR_RETURN(json j, ParseJson(body, source, 32));
  Answer a;
  LINEAGE_RETURN_IF_ERROR(ReadHead(j, source, a));
  LINEAGE_RETURN_IF_ERROR(AppendChoice(j, source, kind, false, a));
  LINEAGE_RETURN_IF_ERROR(CheckLogprobs(a, source, false));
  return a;
}

Result<Answer> ParseAnswerSse(std::string_view body, const std::string& source, ApiKind kind) {
  LINEAGE_ASSIGN_OR_RETURN(std::vector<std::string> events, SplitSseData(body, source));
  if (events.empty()) return Bad(source, "the event stream has no chunks");
  Answer a;
  bool any_logprobs = false, text_without_logprobs = false;
  for (const std::string& e : events) {
    LINEAGE_ASSIGN_OR_RETURN(json j, ParseJson(e, source, 32));
    LINEAGE_RETURN_IF_ERROR(ReadHead(j, source, a));
    const size_t text_before = a.text.size();
    a.has_logprobs = false;
    LINEAGE_RETURN_IF_ERROR(AppendChoice(j, source, kind, true, a));
    any_logprobs = any_logprobs || a.has_logprobs;
    text_without_logprobs =
        text_without_logprobs || (a.text.size() > text_before && !a.has_logprobs);
  }
  a.has_logprobs = any_logprobs;
  // Text chunks without logprobs among chunks with them: a server that dropped some. Refused,
  // since a shorter token list would silently shift every position after it.
  LINEAGE_RETURN_IF_ERROR(CheckLogprobs(a, source, any_logprobs && text_without_logprobs));
  return a;
}

json AnswerToJson(const Answer& a) {
  json top = json::array();
  for (const auto& list : a.top_logprobs) {
    json row = json::array();
    for (const auto& t : list) row.push_back({t.token, t.logprob});
    top.push_back(std::move(row));
  }
  return {{"id", a.id},
          {"model", a.model},
          {"system_fingerprint", a.system_fingerprint},
          {"finish_reason", a.finish_reason},
          {"text", a.text},
          {"has_logprobs", a.has_logprobs},
          {"tokens", a.tokens},
          {"token_logprobs", a.token_logprobs},
          {"top_logprobs", std::move(top)},
          {"prompt_tokens", a.prompt_tokens},
          {"completion_tokens", a.completion_tokens}};
}

Result<Answer> AnswerFromJson(const json& j, const std::string& source) {
  try {
    Answer a;
    a.id = j.at("id").get<std::string>();
    a.model = j.at("model").get<std::string>();
    a.system_fingerprint = j.at("system_fingerprint").get<std::string>();
    a.finish_reason = j.at("finish_reason").get<std::string>();
    a.text = j.at("text").get<std::string>();
    a.has_logprobs = j.at("has_logprobs").get<bool>();
    a.tokens = j.at("tokens").get<std::vector<std::string>>();
    a.token_logprobs = j.at("token_logprobs").get<std::vector<double>>();
    for (const json& row : j.at("top_logprobs")) {
      std::vector<TopLogprob> list;
      for (const json& t : row) list.push_back({t.at(0).get<std::string>(), t.at(1).get<double>()});
      a.top_logprobs.push_back(std::move(list));
    }
    a.prompt_tokens = j.at("prompt_tokens").get<int64_t>();
    a.completion_tokens = j.at("completion_tokens").get<int64_t>();
    return a;
  } catch (const json::exception& e) {
    return Corrupt(source, std::string("a stored answer is not in lineage's form: ") + e.what());
  }
}

Result<std::vector<ServedModel>> ParseModelList(std::string_view body, const std::string& source) {
  LINEAGE_ASSIGN_OR_RETURN(json j, ParseJson(body, source, 32));
  const json* data = Field(j, "data");
  if (data == nullptr || !data->is_array()) return Bad(source, "/v1/models has no data array");
  std::vector<ServedModel> out;
  for (const json& m : *data) {
    const json* id = Field(m, "id");
    if (id == nullptr || !id->is_string()) return Bad(source, "a model entry has no string id");
    ServedModel s{id->get<std::string>(), 0};
    if (const json* meta = Field(m, "meta"); meta != nullptr) {
      const json* nv = Field(*meta, "n_vocab");
      if (nv != nullptr && nv->is_number_integer()) s.n_vocab = nv->get<int64_t>();
    }
    out.push_back(std::move(s));
  }
  if (out.empty()) return Bad(source, "/v1/models lists no model");
  return out;
}

Result<std::vector<int64_t>> ParseTokenizeJson(std::string_view body, const std::string& source) {
  LINEAGE_ASSIGN_OR_RETURN(json j, ParseJson(body, source, 32));
  const json* tokens = Field(j, "tokens");
  if (tokens == nullptr || !tokens->is_array()) return Bad(source, "/tokenize has no tokens array");
  std::vector<int64_t> out;
  out.reserve(tokens->size());
  for (const json& t : *tokens) {
    const json* id = t.is_object() ? Field(t, "id") : &t;
    if (id == nullptr || !id->is_number_integer() || id->get<int64_t>() < 0 ||
        id->get<int64_t>() >= (int64_t{1} << 31)) {
      return Bad(source, "/tokenize: a token id is not an integer in [0, 2^31)");
    }
    out.push_back(id->get<int64_t>());
  }
  return out;
}

}  // namespace lineage
