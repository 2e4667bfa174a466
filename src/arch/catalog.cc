#include "arch/catalog.h"

#include <algorithm>
#include <filesystem>

#include "util/data_dir.h"

namespace lineage {
namespace fs = std::filesystem;

namespace {

constexpr int kMaxDepth = 4;
constexpr size_t kMaxFiles = 10000;

std::map<std::string, nlohmann::json> ArchFields(const ArchConfig& c) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& [k, v] : c.fields) {
    if (KeyCategory(k) != "metadata") out.emplace(k, v);
  }
  return out;
}

}  // namespace

bool SameArchitecture(const ArchConfig& a, const ArchConfig& b) {
  return ArchFields(a) == ArchFields(b);
}

Result<ConfigCatalog> LoadCatalog(const std::vector<std::string>& dirs) {
  ConfigCatalog cat;
  std::vector<std::string> files;
  for (const std::string& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return NotFound(dir + ": catalog directory not found");
    cat.dirs.push_back(dir);
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) return IoError(dir + ": cannot list catalog directory: " + ec.message());
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) return IoError(dir + ": cannot list catalog directory: " + ec.message());
      if (it.depth() >= kMaxDepth) it.disable_recursion_pending();
      if (!it->is_regular_file(ec) || it->path().extension() != ".json") continue;
      if (files.size() >= kMaxFiles) {
        return Refused(dir + ": more than " + std::to_string(kMaxFiles) + " catalog files");
      }
      files.push_back(it->path().string());
    }
  }
  // Directory iteration order is unspecified: sort so results are deterministic.
  std::sort(files.begin(), files.end());
  for (const std::string& f : files) {
    Result<ArchConfig> c = LoadArchConfig(f);
    if (!c.ok()) {
      cat.skipped.push_back(f + ": " + c.status().message());
      continue;
    }
    if (!c->Get("hidden_size") || !c->Get("num_layers")) {
      cat.skipped.push_back(f + ": not a model config (no hidden size or layer count)");
      continue;
    }
    bool dup = std::any_of(cat.entries.begin(), cat.entries.end(),
                           [&](const ArchConfig& e) { return SameArchitecture(e, *c); });
    if (!dup) cat.entries.push_back(std::move(c).value());
  }
  return cat;
}

Result<std::string> DefaultCatalogDir() {
  return RequireShippedDataDir("LINEAGE_CATALOG", {"data/catalog", "share/lineage/catalog"},
                               "config catalog");
}

}  // namespace lineage
