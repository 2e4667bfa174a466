// libFuzzer target: the HTTP header parsers of the hub client (Content-Range, Content-Length,
// Retry-After, HTTP dates, ETag, X-Repo-Commit), redirect Location resolution and hub references.
// Besides not crashing, each accepted value must satisfy the parser's own contract.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "io/http/headers.h"
#include "io/http/url.h"
#include "io/hub/resolve.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view v(reinterpret_cast<const char*>(data), size);
  using namespace lineage;
  if (auto cr = ParseContentRange(v)) {
    if (cr->first > cr->last || cr->last >= cr->total) std::abort();
  }
  (void)ParseContentLength(v);
  if (auto wait = ParseRetryAfter(v, 1700000000, 120)) {
    if (*wait < 0 || *wait > 120) std::abort();
  }
  (void)ParseHttpDate(v);
  if (auto tag = ParseEtag(v)) {
    if (tag->empty() || tag->size() > 256) std::abort();
  }
  if (auto sha = ParseCommitSha(v)) {
    if (sha->size() != 40) std::abort();
  }
  static const Url kBase = *ParseUrl("https://huggingface.co/org/name/resolve/main/m.safetensors");
  if (auto loc = ResolveLocation(kBase, v)) {
    // Whatever a Location says, the result is a URL that parses back to itself.
    auto again = ParseUrl(loc->ToString());
    if (!again || again->host != loc->host || again->port != loc->port) std::abort();
  }
  if (auto ref = ParseHubRef(std::string(v), "https://huggingface.co")) {
    if (ref->repo.find("..") != std::string::npos) std::abort();
  }
  return 0;
}
