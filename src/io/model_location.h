// ModelLocation: where a model named on the command line is read from, after resolution.
// A local path, or a hub repository pinned to one commit whose small files sit in a local
// snapshot folder and whose weights are opened through `files`. Plain value; the shared parts
// are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "io/file_opener.h"
#include "io/read_stats.h"

namespace lineage {

struct ModelLocation {
  std::string as_given;  // what the user typed: a path, "org/name@rev", "hf://…", an https URL
  std::string path;      // the local file or folder to load (a hub snapshot folder for hub models)
  std::shared_ptr<const FileOpener> files = LocalFileOpener();       // never null
  std::shared_ptr<ReadStats> stats = std::make_shared<ReadStats>();  // never null

  // Hub models only (empty / 0 for local paths).
  std::string repo;          // "org/name"
  std::string revision;      // the resolved commit (40 hex), fetched by that commit only
  uint64_t bytes_total = 0;  // sum of the sizes of the files the model is made of
  bool remote() const { return !repo.empty(); }
};

// A local path as a location: the local opener, fresh counters.
inline ModelLocation LocalLocation(const std::string& path) {
  ModelLocation loc;
  loc.as_given = path;
  loc.path = path;
  return loc;
}

}  // namespace lineage
