// ParseHubRef (io/hub/resolve.h): the hub forms of a model argument.
#include <string_view>

#include "io/http/url.h"
#include "io/hub/repo_names.h"
#include "io/hub/resolve.h"

namespace lineage {
namespace {

std::optional<HubRef> ParseRepoAtRev(std::string_view s) {
  HubRef ref;
  const size_t at = s.find('@');
  ref.repo = std::string(s.substr(0, at));
  ref.revision = at == std::string_view::npos ? "main" : std::string(s.substr(at + 1));
  if (!IsValidRepoId(ref.repo) || !IsValidRevision(ref.revision)) return std::nullopt;
  return ref;
}

// {endpoint}/org/name/resolve/<rev>/<file>, the endpoint possibly with a path prefix (a mirror).
std::optional<HubRef> ParseResolveUrl(const std::string& arg, const std::string& endpoint) {
  auto url = ParseUrl(arg);
  auto base = ParseUrl(endpoint);
  if (!url || !base || !SameOrigin(*url, *base)) return std::nullopt;
  std::string_view prefix = base->path;
  while (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
  std::string_view path = url->path;
  if (path.find('?') != std::string_view::npos || !path.starts_with(prefix)) return std::nullopt;
  path.remove_prefix(prefix.size());
  if (!path.starts_with("/")) return std::nullopt;
  path.remove_prefix(1);
  // org / name / "resolve" / rev / file...
  std::string_view parts[4];
  for (auto& part : parts) {
    const size_t slash = path.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    part = path.substr(0, slash);
    path.remove_prefix(slash + 1);
  }
  if (parts[2] != "resolve") return std::nullopt;
  HubRef ref;
  ref.repo = std::string(parts[0]) + "/" + std::string(parts[1]);
  ref.revision = PercentDecode(parts[3]);
  ref.file = PercentDecode(path);
  if (!IsValidRepoId(ref.repo) || !IsValidRevision(ref.revision) || !IsValidRepoFilePath(ref.file))
    return std::nullopt;
  return ref;
}

}  // namespace

std::optional<HubRef> ParseHubRef(const std::string& arg, const std::string& endpoint) {
  constexpr std::string_view kScheme = "hf://";
  if (arg.starts_with(kScheme)) return ParseRepoAtRev(std::string_view(arg).substr(kScheme.size()));
  if (arg.starts_with("http://") || arg.starts_with("https://")) {
    return ParseResolveUrl(arg, endpoint);
  }
  return ParseRepoAtRev(arg);
}

}  // namespace lineage
