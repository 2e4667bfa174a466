#include "io/cache/range_cache_admin.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>

#include "io/atomic_file.h"
#include "io/byte_source.h"
#include "io/cache/range_cache.h"

namespace lineage {
namespace fs = std::filesystem;
namespace {

int64_t MtimeUnix(const fs::path& p) {
  struct stat st;
  if (::stat(p.c_str(), &st) != 0) return 0;
  return static_cast<int64_t>(st.st_mtim.tv_sec);
}

// The folders of cached files: ranges/<repo>/<commit>/<file>/.
std::vector<fs::path> FileDirs(const std::string& hf_home) {
  std::vector<fs::path> out;
  std::error_code ec;
  const fs::path root = RangeCacheRoot(hf_home);
  for (const auto& repo : fs::directory_iterator(root, ec)) {
    for (const auto& commit : fs::directory_iterator(repo.path(), ec)) {
      for (const auto& file : fs::directory_iterator(commit.path(), ec)) {
        if (file.is_directory(ec)) out.push_back(file.path());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<RangeMeta> ReadMeta(const fs::path& dir) {
  LINEAGE_ASSIGN_OR_RETURN(auto bytes, ReadWholeFile((dir / "meta").string(), 4096));
  return ParseRangeMeta(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                        (dir / "meta").string());
}

struct Chunk {
  fs::path path;
  uint64_t size = 0;
  int64_t mtime = 0;
};

std::vector<Chunk> Chunks(const fs::path& dir) {
  std::vector<Chunk> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() != ".chunk" || !e.is_regular_file(ec)) continue;
    out.push_back({e.path(), e.file_size(ec), MtimeUnix(e.path())});
  }
  return out;
}

void RemoveEmptyParents(const fs::path& file_dir, const std::string& hf_home) {
  std::error_code ec;
  fs::path p = file_dir.parent_path();
  const fs::path root = RangeCacheRoot(hf_home);
  while (p != root && p.string().size() > root.string().size()) {
    if (!fs::is_empty(p, ec) || ec) return;
    fs::remove(p, ec);
    p = p.parent_path();
  }
}

}  // namespace

std::vector<CachedRangeFile> ListRangeCache(const std::string& hf_home) {
  std::vector<CachedRangeFile> out;
  for (const fs::path& dir : FileDirs(hf_home)) {
    auto meta = ReadMeta(dir);
    if (!meta.ok()) continue;
    CachedRangeFile f;
    f.meta = *meta;
    f.last_used = MtimeUnix(dir / "meta");
    for (const Chunk& c : Chunks(dir)) {
      f.bytes_cached += c.size;
      f.last_used = std::max(f.last_used, c.mtime);
    }
    out.push_back(std::move(f));
  }
  return out;
}

Result<PruneResult> PruneRangeCache(const std::string& hf_home, uint64_t max_bytes) {
  PruneResult r;
  std::vector<Chunk> all;
  std::vector<fs::path> dirs = FileDirs(hf_home);
  std::error_code ec;
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  for (const fs::path& dir : dirs) {
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      // A temporary file older than an hour is a crashed writer's leftover.
      if (e.path().filename().string().starts_with(kTempFilePrefix) &&
          MtimeUnix(e.path()) + 3600 < now) {
        fs::remove(e.path(), ec);
      }
    }
    for (Chunk& c : Chunks(dir)) all.push_back(std::move(c));
  }
  for (const Chunk& c : all) r.bytes_before += c.size;
  std::sort(all.begin(), all.end(),
            [](const Chunk& a, const Chunk& b) { return a.mtime < b.mtime; });
  uint64_t kept = r.bytes_before;
  std::set<fs::path> evicted;  // folders this prune took chunks from
  for (const Chunk& c : all) {
    if (kept <= max_bytes) break;
    if (!fs::remove(c.path, ec) && ec) continue;
    evicted.insert(c.path.parent_path());
    kept -= c.size;
    r.bytes_removed += c.size;
    ++r.chunks_removed;
  }
  for (const fs::path& dir : dirs) {
    if (!Chunks(dir).empty()) continue;
    // A folder that had no chunk to begin with may be one another reader (a thread or process
    // sharing HF_HOME) has just opened: created, its meta being written, its first chunk not yet.
    // Removing it then fails that reader's writes, so such a folder goes only when it has not
    // changed for an hour (the folder's mtime moves with every file created in it).
    if (!evicted.count(dir) && MtimeUnix(dir) + 3600 >= now) continue;
    fs::remove_all(dir, ec);
    RemoveEmptyParents(dir, hf_home);
  }
  return r;
}

}  // namespace lineage
