// The meta file of one file in lineage's range cache: which repository, commit and file its chunks
// belong to, the file's size and ETag, and the chunk size. A folder whose meta disagrees with what
// the hub says now is never served (io/cache/range_cache.h).
//
// Format (text, one "key value" per line, in this order, '\n'-terminated):
//   lineage-range-cache 1
//   repo org/name
//   commit <40 hex>
//   file <path in the repository>
//   size <bytes>
//   etag <opaque tag, may be empty>
//   chunk <bytes>
//
// Contract: ParseRangeMeta is strict (the file sits on disk where anything may edit it): every key
// present once, in order, valid names (io/hub/repo_names.h), decimal numbers, chunk size a power of
// two in [4 KiB, 256 MiB], total size at most 4 KiB, and exactly the bytes FormatRangeMeta writes
// (no leading zeros). Pure; thread-safe; fuzzed by
// fuzz/range_meta_fuzz.cc.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace lineage {

struct RangeMeta {
  std::string repo;
  std::string commit;
  std::string file;
  uint64_t size = 0;
  std::string etag;
  uint64_t chunk_size = 0;
  bool operator==(const RangeMeta&) const = default;
};

std::string FormatRangeMeta(const RangeMeta& meta);
Result<RangeMeta> ParseRangeMeta(std::string_view text, const std::string& name);

}  // namespace lineage
