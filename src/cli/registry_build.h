// `lineage registry build --list FILE [--jobs N]`: fingerprints every model of a list and adds it
// to a registry (docs/REGISTRY.md, "Batch runs").
//
// Contract:
//   - The list: one model per line, tab-separated: reference, revision, then free columns
//     (family, publisher, licence, parameters) that the build does not read. Empty lines and lines
//     starting with '#' are skipped. A reference that is not an existing local path and has a
//     revision is read as the hub reference `reference@revision`.
//   - Resumable: a hub model is resolved to its commit first and skipped, before any weight byte is
//     read, when the registry already holds that repository@commit (HubIdentity); a local model is
//     skipped when an entry has the same reference. Adds are idempotent anyway.
//   - `jobs` worker threads, each with its own registry connection and hub client, take the next
//     model in list order; one progress line per model (added with bytes read and seconds, skipped,
//     or failed with its error), then a total. A model that fails does not stop the others; the
//     exit code is then non-zero.
#pragma once

#include <string>
#include <vector>

#include "cli/cmd_common.h"
#include "report/catalog.h"
#include "util/status.h"

namespace lineage::cli {

struct ListedModel {
  int line = 0;
  std::string argument;  // the MODEL argument: a path, or reference@revision
};

// Parses a list file; InvalidArgument naming file:line for a line without a reference.
Result<std::vector<ListedModel>> ReadModelList(const std::string& path);

struct BuildOptions {
  std::string registry;  // location; empty = the default registry
  uint64_t projection_seed = 0;
  unsigned jobs = 1, threads = 0;
};

// Returns the exit code (kExitOk when every model was added or already there).
int RunRegistryBuild(const std::vector<ListedModel>& models, const BuildOptions& options,
                     const ModelFlags& flags, Lang lang);

}  // namespace lineage::cli
