#include "io/cache/chunk_plan.h"

#include <algorithm>

namespace lineage {

std::vector<ChunkRun> CoalesceChunks(const std::vector<uint64_t>& missing, uint64_t max_chunks) {
  std::vector<ChunkRun> runs;
  max_chunks = std::max<uint64_t>(max_chunks, 1);
  for (uint64_t c : missing) {
    if (!runs.empty() && runs.back().first + runs.back().count == c &&
        runs.back().count < max_chunks) {
      ++runs.back().count;
    } else {
      runs.push_back({c, 1});
    }
  }
  return runs;
}

uint64_t ChunkLength(uint64_t index, uint64_t chunk_size, uint64_t size) {
  const uint64_t begin = index * chunk_size;
  if (begin >= size) return 0;
  return std::min(chunk_size, size - begin);
}

}  // namespace lineage
