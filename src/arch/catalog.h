// ConfigCatalog: real configs shipped with lineage (data/catalog) plus any the user adds with
// `--catalog DIR`, used to say how rare a shared architectural value is.
//
// Contract:
//   - LoadCatalog reads every *.json file under the given directories (recursively, at most 4
//     levels, at most 10,000 files) as an architecture config. Files that are not configs are
//     skipped and listed in `skipped`; an unreadable directory is an error.
//   - Entries whose architecture fields are identical are kept once, so a family with many
//     fine-tunes does not make its own values look common.
//   - Immutable after loading; concurrent reads are safe.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arch/config.h"
#include "util/status.h"

namespace lineage {

struct ConfigCatalog {
  std::vector<ArchConfig> entries;
  std::vector<std::string> dirs;
  std::vector<std::string> skipped;  // "path: reason"
};

Result<ConfigCatalog> LoadCatalog(const std::vector<std::string>& dirs);

// The shipped catalog: $LINEAGE_CATALOG if set, else data/catalog or share/lineage/catalog found
// next to (or up to three levels above) the running executable. NotFound when none is found.
Result<std::string> DefaultCatalogDir();

// True when the two configs agree on every architecture (non-metadata) field.
bool SameArchitecture(const ArchConfig& a, const ArchConfig& b);

}  // namespace lineage
