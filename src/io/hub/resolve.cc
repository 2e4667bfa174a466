// Scaffolding for the remote-reading branch: local paths only. Replaced by the hub client.
#include "io/hub/resolve.h"

#include <filesystem>

namespace lineage {

HubOptions HubOptionsFromEnvironment(const std::function<const char*(const char*)>&) {
  return HubOptions{};
}

std::optional<HubRef> ParseHubRef(const std::string&, const std::string&) { return std::nullopt; }

Result<ModelLocation> ResolveModel(const std::string& arg, const HubOptions&) {
  std::error_code ec;
  if (std::filesystem::exists(arg, ec)) return LocalLocation(arg);
  return NotFound(arg + ": no such file or directory");
}

}  // namespace lineage
