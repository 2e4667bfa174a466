// lineage's range cache: the byte ranges of remote files read so far, beside huggingface_hub's
// cache, keyed by repository, commit and file so that it never serves bytes of another commit:
//
//   $HF_HOME/lineage/ranges/models--org--name/<commit>/<escaped file>/
//     meta                    io/cache/range_meta.h
//     <index>.chunk           bytes [index * chunk, (index + 1) * chunk) of the file
//
// Chunks are kDefaultChunkBytes (64 KiB). Sampled reads are rows of 4-16 KiB scattered over a
// matrix, and a chunk is fetched whole: with 1 MiB chunks one sampled row per MiB fetched the whole
// MiB, and the 100B bench's server sent 2.7-5.8 times the bytes lineage asked for. Streams are not
// slowed by small chunks: missing adjacent chunks are fetched in one request of at most
// kMaxRunBytes, and the runs of one read are fetched in parallel. The cost is more requests for
// scattered rows (tens of ms each on the hub), which is why the sub-samples that may choose their
// shape take runs of consecutive rows (Rng::SampleRuns).
//
// Contract:
//   - Every chunk is written whole to a temporary file and renamed (io/atomic_file.h): two
//     processes may fill the same file's chunks at once, and a crash leaves no torn chunk. A chunk
//     whose size is not exactly its expected length (cut by a crash or by hand) counts as missing
//     and is fetched again.
//   - Open checks the meta: a folder whose meta names another size or ETag than the caller's is
//     emptied and reused, so stale bytes are never served.
//   - A read of a chunk sets its mtime (the LRU clock of PruneRangeCache).
//   - Read is const and thread-safe. With no fetcher (offline), missing bytes are NotFound naming
//     the repository, commit, file and the byte range missing.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>

#include "io/cache/range_meta.h"
#include "util/status.h"

namespace lineage {

constexpr uint64_t kDefaultChunkBytes = uint64_t{64} << 10;
constexpr uint64_t kMaxRunBytes = uint64_t{64} << 20;

// Fetches exactly out.size() bytes at `offset` of the remote file (an HTTP range request).
using RangeFetcher = std::function<Status(uint64_t offset, std::span<uint8_t> out)>;

std::string RangeCacheRoot(const std::string& hf_home);
// The folder of one file's chunks.
std::string RangeFileDir(const std::string& hf_home, const RangeMeta& meta);

class RangeCachedFile {
 public:
  // meta.chunk_size 0 means kDefaultChunkBytes. Creates the folder and meta when missing.
  static Result<RangeCachedFile> Open(const std::string& hf_home, RangeMeta meta);

  const RangeMeta& meta() const { return meta_; }
  // Fills `out` with bytes [offset, offset + out.size()); `fetch` may be null (offline).
  // *from_cache gets the bytes served from chunks already on disk.
  Status Read(uint64_t offset, std::span<uint8_t> out, const RangeFetcher* fetch,
              uint64_t* from_cache) const;

 private:
  RangeCachedFile(std::string dir, RangeMeta meta)
      : dir_(std::move(dir)),
        meta_(std::move(meta)),
        fetching_(std::make_shared<std::array<std::mutex, kFetchStripes>>()) {}
  static constexpr size_t kFetchStripes = 16;
  std::string ChunkPath(uint64_t index) const;
  // Copies [offset, offset + out.size()) of chunk `index` (offset relative to the chunk) when the
  // chunk is present and whole.
  bool ReadChunk(uint64_t index, uint64_t offset, std::span<uint8_t> out) const;
  Status FetchRun(uint64_t first, uint64_t count, const RangeFetcher& fetch, uint64_t offset,
                  std::span<uint8_t> out) const;
  std::string dir_;
  RangeMeta meta_;
  // Threads of one process that miss the same chunks wait for one fetch instead of each fetching
  // them: a run is fetched under the stripe of its first chunk, and re-checked once it is held.
  std::shared_ptr<std::array<std::mutex, kFetchStripes>> fetching_;
};

}  // namespace lineage
