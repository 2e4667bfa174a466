// FileOpener: how the weight files of a model are opened (LevelDB's Env, reading only).
//
// Contract:
//   - Open returns a ByteSource for `path` or an error naming it. The local opener maps the file;
//     a hub opener serves files of one resolved commit from the local snapshot when present,
//     else by HTTP range requests through the range cache.
//   - Extra(dir) lists the names (not paths) of files that Open can serve in `dir` but that are
//     not on disk there (a hub snapshot's weight shards that were never downloaded). Listing code
//     merges them with the directory's own entries. The local opener lists none.
//   - Size(path) is the byte size of a file Open can serve, without reading it.
//   - ClaimedSha256(path) is the sha256 the source claims for a file that was not read whole (the
//     hub's LFS sha256, X-Linked-Etag), or "" when unknown. A digest compared against it is the
//     hub's claim, not a verified one. The local opener claims nothing.
//   - Implementations are immutable after construction and thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/byte_source.h"
#include "util/status.h"

namespace lineage {

class FileOpener {
 public:
  virtual ~FileOpener() = default;
  virtual Result<std::unique_ptr<ByteSource>> Open(const std::string& path) const = 0;
  virtual std::vector<std::string> Extra(const std::string& dir) const = 0;
  virtual Result<uint64_t> Size(const std::string& path) const = 0;
  // The hub's LFS sha256 of a file not read whole (lowercase hex), "" when the opener has none.
  virtual std::string ClaimedSha256(const std::string& path) const { return ""; }
};

// The opener for local files: OpenMappedFile, no extras. Stateless, shared by every caller.
std::shared_ptr<const FileOpener> LocalFileOpener();

}  // namespace lineage
