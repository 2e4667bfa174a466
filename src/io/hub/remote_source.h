// RemoteByteSource: a ByteSource over one remote file: lineage's range cache first, HTTP ranges
// for what it lacks (io/cache/range_cache.h). data() is nullptr: readers go through ReadAt.
//
// Contract: ReadAt is thread-safe; it counts the bytes asked for into stats.bytes_read and those
// served from chunks on disk into stats.bytes_from_cache. `fetch` null = offline.
#pragma once

#include <memory>
#include <string>

#include "io/byte_source.h"
#include "io/cache/range_cache.h"
#include "io/read_stats.h"

namespace lineage {

std::unique_ptr<ByteSource> MakeRemoteByteSource(std::string name, RangeCachedFile cache,
                                                 std::shared_ptr<const RangeFetcher> fetch,
                                                 std::shared_ptr<ReadStats> stats);

}  // namespace lineage
