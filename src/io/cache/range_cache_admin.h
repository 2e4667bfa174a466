// Listing and pruning lineage's range cache (io/cache/range_cache.h), for `lineage cache` and for
// the size cap applied after a run.
//
// Contract: both walk $HF_HOME/lineage/ranges and tolerate anything found there (damaged metas,
// stray files, folders removed by another process meanwhile): what cannot be understood is
// skipped by List and removed by Prune only when it is a leftover temporary file. Thread-safe as
// far as the file system is; a concurrent reader whose chunk is pruned refetches it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/cache/range_meta.h"
#include "util/status.h"

namespace lineage {

struct CachedRangeFile {
  RangeMeta meta;
  uint64_t bytes_cached = 0;  // whole chunks present
  int64_t last_used = 0;      // Unix seconds: the newest chunk mtime (the meta's when none)
};

std::vector<CachedRangeFile> ListRangeCache(const std::string& hf_home);

struct PruneResult {
  uint64_t bytes_before = 0;
  uint64_t bytes_removed = 0;
  uint64_t chunks_removed = 0;
};

// Removes the least recently used chunks until at most max_bytes of chunks remain (0 removes all),
// then the folders left without chunks: those it emptied, and those that had none and have not
// changed for an hour (a younger one may be a concurrent reader's, opened but not yet filled).
Result<PruneResult> PruneRangeCache(const std::string& hf_home, uint64_t max_bytes);

}  // namespace lineage
