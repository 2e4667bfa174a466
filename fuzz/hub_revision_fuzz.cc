// libFuzzer target: the hub's revision API answer (GET /api/models/{repo}/revision/{rev}), parsed
// as hostile JSON. Every accepted file name must be a safe relative path.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/hub/repo_names.h"
#include "io/hub/revision_info.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  auto info = lineage::ParseRevisionInfo(json, "fuzz-api");
  if (info.ok()) {
    if (!lineage::IsCommitSha(info->commit)) std::abort();
    for (const auto& f : info->files) {
      if (!lineage::IsValidRepoFilePath(f.path)) std::abort();
    }
  }
  return 0;
}
