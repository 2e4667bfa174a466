// `lineage compare --registry [PATH|URI]`: the registry search's related hits (registry/search.h)
// become extra bases of the comparison, each with a note saying it came from the registry and
// with what screening evidence. Not thread-safe (model arguments resolve through flags.resolver).
#pragma once

#include <string>
#include <vector>

#include "cli/cmd_common.h"
#include "evidence/model_ref.h"
#include "util/status.h"

namespace lineage::cli {

struct RegistryBase {
  std::string argument;  // a MODEL argument: repo@commit for a hub model, else the stored path
  std::string note;      // English, translated by the phrase table (report/catalog_phrases.cc)
  RegistryFound found;   // the search's report, for the JSON's bases[].registry_search
};

struct RegistryBases {
  std::vector<RegistryBase> bases;  // the related hits, strongest first
  std::string summary;              // one English line: how many were screened and found
};

// Opens the registry at `location` (empty: the default file), fingerprints the candidate with the
// registry's projection seed, searches the `top` best by summary, and returns the related hits
// other than the candidate itself (same identity).
Result<RegistryBases> SearchRegistryBases(const std::string& location, const std::string& candidate,
                                          size_t top, unsigned threads, const ModelFlags& flags);

}  // namespace lineage::cli
