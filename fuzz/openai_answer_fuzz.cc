// libFuzzer target: the parsers of OpenAI-compatible answers (behaviour/answer.h) and of their
// SSE streams (behaviour/sse.h). Besides not crashing, an accepted answer must satisfy the
// parser's contract: logprob arrays of one length, every logprob <= 0, a lossless round trip
// through the transcript store's form, and /tokenize ids in [0, 2^31). The introspection parsers
// (behaviour/introspect.h) must return an object whatever the bytes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "behaviour/answer.h"
#include "behaviour/introspect.h"
#include "behaviour/sse.h"

namespace {

void Check(const lineage::Result<lineage::Answer>& a) {
  if (!a.ok()) return;
  if (a->tokens.size() != a->token_logprobs.size()) std::abort();
  if (a->tokens.size() != a->top_logprobs.size()) std::abort();
  for (double x : a->token_logprobs) {
    if (!(x <= 1e-6)) std::abort();
  }
  if (a->model.empty()) std::abort();
  auto back = lineage::AnswerFromJson(lineage::AnswerToJson(*a), "fuzz");
  if (!back.ok() || back->text != a->text || back->tokens != a->tokens) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view v(reinterpret_cast<const char*>(data), size);
  using namespace lineage;
  Check(ParseAnswerJson(v, "fuzz", ApiKind::kCompletions));
  Check(ParseAnswerJson(v, "fuzz", ApiKind::kChat));
  Check(ParseAnswerSse(v, "fuzz", ApiKind::kCompletions));
  Check(ParseAnswerSse(v, "fuzz", ApiKind::kChat));
  if (auto events = SplitSseData(v, "fuzz"); events.ok()) {
    for (const std::string& e : *events) {
      if (e == "[DONE]") std::abort();
    }
  }
  if (auto models = ParseModelList(v, "fuzz"); models.ok() && models->empty()) std::abort();
  if (auto ids = ParseTokenizeJson(v, "fuzz"); ids.ok()) {
    for (int64_t id : *ids) {
      if (id < 0 || id >= (int64_t{1} << 31)) std::abort();
    }
  }
  for (const auto& j : {ParseLlamaCppProps(v), ParseTgiInfo(v), ParseOllamaShow(v)}) {
    if (!j.is_object()) std::abort();
  }
  return 0;
}
