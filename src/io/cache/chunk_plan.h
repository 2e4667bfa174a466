// Which chunks a read needs, and how the missing ones are grouped into range requests.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <vector>

namespace lineage {

struct ChunkRun {
  uint64_t first = 0;  // chunk index
  uint64_t count = 0;  // chunks
};

// Groups the chunk indexes (ascending) into runs of adjacent indexes, each at most max_chunks
// long (so one request never asks for more than max_chunks * chunk_size bytes).
std::vector<ChunkRun> CoalesceChunks(const std::vector<uint64_t>& missing, uint64_t max_chunks);

// The byte length of chunk `index` of a file of `size` bytes: chunk_size, or less for the last.
uint64_t ChunkLength(uint64_t index, uint64_t chunk_size, uint64_t size);

}  // namespace lineage
