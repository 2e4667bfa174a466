#include "io/cache/range_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "io/atomic_file.h"
#include "io/byte_source.h"
#include "io/cache/chunk_plan.h"
#include "io/hub/repo_names.h"

namespace lineage {
namespace {

// One folder name for a repository path: '/' and '%' escaped, so "a/b" and "a%2Fb" differ.
std::string EscapeFileName(const std::string& file) {
  std::string out;
  for (char c : file) {
    if (c == '/') {
      out += "%2F";
    } else if (c == '%') {
      out += "%25";
    } else {
      out += c;
    }
  }
  return out;
}

constexpr size_t kParallelRuns = 4;

std::span<const uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::string ByteRange(uint64_t begin, uint64_t end) {
  return "bytes " + std::to_string(begin) + "-" + std::to_string(end - 1);
}

}  // namespace

std::string RangeCacheRoot(const std::string& hf_home) { return hf_home + "/lineage/ranges"; }

std::string RangeFileDir(const std::string& hf_home, const RangeMeta& meta) {
  return RangeCacheRoot(hf_home) + "/" + RepoFolderName(meta.repo) + "/" + meta.commit + "/" +
         EscapeFileName(meta.file);
}

Result<RangeCachedFile> RangeCachedFile::Open(const std::string& hf_home, RangeMeta meta) {
  if (meta.chunk_size == 0) meta.chunk_size = kDefaultChunkBytes;
  if (!IsValidRepoId(meta.repo) || !IsCommitSha(meta.commit) || !IsValidRepoFilePath(meta.file))
    return Internal("range cache: invalid key " + meta.repo + "@" + meta.commit + ":" + meta.file);
  const std::string dir = RangeFileDir(hf_home, meta);
  const std::string meta_path = dir + "/meta";
  std::error_code ec;
  if (std::filesystem::exists(meta_path, ec)) {
    auto bytes = ReadWholeFile(meta_path, 4096);
    if (bytes.ok()) {
      auto old = ParseRangeMeta(
          std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), meta_path);
      if (old.ok() && *old == meta) return RangeCachedFile(dir, std::move(meta));
    }
    // Another size, ETag or chunk size (or a damaged meta): these chunks are not this file's.
    std::filesystem::remove_all(dir, ec);
    if (ec) return IoError(dir + ": cannot clear a stale range-cache folder: " + ec.message());
  }
  LINEAGE_RETURN_IF_ERROR(WriteFileAtomic(meta_path, Bytes(FormatRangeMeta(meta))));
  return RangeCachedFile(dir, std::move(meta));
}

std::string RangeCachedFile::ChunkPath(uint64_t index) const {
  return dir_ + "/" + std::to_string(index) + ".chunk";
}

bool RangeCachedFile::ReadChunk(uint64_t index, uint64_t offset, std::span<uint8_t> out) const {
  const int fd = ::open(ChunkPath(index).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  bool ok = ::fstat(fd, &st) == 0 &&
            static_cast<uint64_t>(st.st_size) == ChunkLength(index, meta_.chunk_size, meta_.size);
  size_t done = 0;
  while (ok && done < out.size()) {
    const ssize_t n =
        ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (n <= 0) ok = false;
    done += n > 0 ? static_cast<size_t>(n) : 0;
  }
  if (ok) ::futimens(fd, nullptr);  // the LRU clock: last used now
  ::close(fd);
  return ok;
}

Status RangeCachedFile::FetchRun(uint64_t first, uint64_t count, const RangeFetcher& fetch,
                                 uint64_t offset, std::span<uint8_t> out) const {
  const uint64_t cs = meta_.chunk_size;
  const uint64_t begin = first * cs;
  const uint64_t end = std::min(meta_.size, (first + count) * cs);
  std::lock_guard<std::mutex> lock((*fetching_)[first % kFetchStripes]);
  const uint64_t copy_begin = std::max(begin, offset);
  const uint64_t copy_end = std::min(end, offset + out.size());
  bool all_there = true;  // another thread may have fetched the run while this one waited
  for (uint64_t c = first; c < first + count && all_there; ++c) {
    const uint64_t b = std::max(copy_begin, c * cs);
    const uint64_t e = std::min(copy_end, (c + 1) * cs);
    all_there = ReadChunk(c, b - c * cs, out.subspan(b - offset, e - b));
  }
  if (all_there) return Status::Ok();
  std::vector<uint8_t> buf(end - begin);
  LINEAGE_RETURN_IF_ERROR(fetch(begin, buf));
  for (uint64_t c = first; c < first + count; ++c) {
    const uint64_t cb = c * cs - begin;
    const uint64_t len = ChunkLength(c, cs, meta_.size);
    // A failed cache write (a full disk) loses only the caching: the bytes are in hand, so the
    // read succeeds and the next run fetches them again.
    (void)WriteFileAtomic(ChunkPath(c), std::span<const uint8_t>(buf.data() + cb, len));
  }
  std::copy(buf.begin() + static_cast<ptrdiff_t>(copy_begin - begin),
            buf.begin() + static_cast<ptrdiff_t>(copy_end - begin),
            out.begin() + static_cast<ptrdiff_t>(copy_begin - offset));
  return Status::Ok();
}

Status RangeCachedFile::Read(uint64_t offset, std::span<uint8_t> out, const RangeFetcher* fetch,
                             uint64_t* from_cache) const {
  *from_cache = 0;
  if (offset > meta_.size || out.size() > meta_.size - offset) {
    return Corrupt(meta_.file, offset,
                   "read of " + std::to_string(out.size()) + " bytes past the end (size " +
                       std::to_string(meta_.size) + ")");
  }
  if (out.empty()) return Status::Ok();
  const uint64_t cs = meta_.chunk_size;
  const uint64_t end = offset + out.size();
  std::vector<uint64_t> missing;
  for (uint64_t c = offset / cs; c <= (end - 1) / cs; ++c) {
    const uint64_t b = std::max(offset, c * cs);
    const uint64_t e = std::min(end, (c + 1) * cs);
    if (ReadChunk(c, b - c * cs, out.subspan(b - offset, e - b))) {
      *from_cache += e - b;
    } else {
      missing.push_back(c);
    }
  }
  if (missing.empty()) return Status::Ok();
  const std::vector<ChunkRun> runs = CoalesceChunks(missing, kMaxRunBytes / cs);
  if (fetch == nullptr) {
    const uint64_t b = std::max(offset, runs.front().first * cs);
    const uint64_t e = std::min(end, (runs.back().first + runs.back().count) * cs);
    return NotFound(meta_.repo + "@" + meta_.commit + ": " + meta_.file + ": " + ByteRange(b, e) +
                    " are not in the range cache, and the hub may not be asked (offline)");
  }
  if (runs.size() == 1) return FetchRun(runs[0].first, runs[0].count, *fetch, offset, out);
  // A few threads pull runs in turn: parallel requests without a thread per run.
  std::vector<Status> status(runs.size());
  std::atomic<size_t> next{0};
  auto worker = [this, &runs, &status, &next, fetch, offset, out] {
    for (size_t i = next++; i < runs.size(); i = next++) {
      status[i] = FetchRun(runs[i].first, runs[i].count, *fetch, offset, out);
    }
  };
  std::vector<std::thread> threads;
  for (size_t t = 0; t < std::min<size_t>(runs.size(), kParallelRuns); ++t)
    threads.emplace_back(worker);
  for (std::thread& t : threads) t.join();
  for (Status& s : status) LINEAGE_RETURN_IF_ERROR(s);
  return Status::Ok();
}

}  // namespace lineage
