// HubFileOpener: the FileOpener of one hub repository pinned to one commit.
//
// Contract:
//   - Open(path) for a path under the snapshot folder: the file on disk when it is there (a small
//     file lineage downloaded, or a weight file the user downloaded whole: mapped), else a
//     RemoteByteSource reading HTTP ranges through lineage's range cache (io/cache/range_cache.h).
//     Offline (no client), remote bytes come from the range cache only.
//   - Every remote answer is checked against the pinned run: X-Repo-Commit (when sent) must be the
//     commit ("the revision moved during the run"), the size must be the listed one, and the
//     file's ETag (X-Linked-Etag, else ETag) must not change within the run.
//   - Extra(dir) lists the repository's files in `dir` that are not on disk (ignored files such as
//     README.md aside); Size(path) answers from disk, the file list, or a one-byte range probe.
//   - ClaimedSha256(path) is the hub's LFS sha256 of a file not on disk ("" when unknown).
//   - Remote reads count into `stats`: bytes_read, bytes_from_cache, and (in the client)
//     requests and bytes_fetched. Immutable apart from synchronised per-file state; thread-safe.
//   - The destructor prunes the range cache to options.range_cache_cap_bytes (least recently used
//     chunks first): the cap holds after every run.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "io/file_opener.h"
#include "io/http/client.h"
#include "io/hub/resolve.h"
#include "io/hub/revision_info.h"
#include "io/read_stats.h"

namespace lineage {

struct HubSnapshot {
  std::string repo;
  std::string commit;
  std::string dir;  // $HF_HOME/hub/models--org--name/snapshots/<commit>
  std::vector<RepoFile> files;
};

class HubFileOpener final : public FileOpener {
 public:
  // client == nullptr: offline.
  HubFileOpener(std::shared_ptr<const HttpClient> client, HubOptions options, HubSnapshot snapshot,
                std::shared_ptr<ReadStats> stats);
  ~HubFileOpener() override;

  Result<std::unique_ptr<ByteSource>> Open(const std::string& path) const override;
  std::vector<std::string> Extra(const std::string& dir) const override;
  Result<uint64_t> Size(const std::string& path) const override;
  std::string ClaimedSha256(const std::string& path) const override;

  // The URL of a repository file at the pinned commit.
  std::string FileUrl(const std::string& file) const;

  struct FileState;  // per file: what the hub said during this run (synchronised)

 private:
  // The repository path of `path` when it lies under the snapshot folder, else "".
  std::string RepoPath(const std::string& path) const;
  Result<uint64_t> RemoteSize(FileState& state) const;

  std::shared_ptr<const HttpClient> client_;
  HubOptions options_;
  HubSnapshot snapshot_;
  std::shared_ptr<ReadStats> stats_;
  std::map<std::string, std::shared_ptr<FileState>> files_;  // by repository path; fixed at birth
};

// Checks one answer for a file against the pinned commit and what the run saw before. Exposed for
// the whole-file downloads of the resolver, which apply the same rule.
Status CheckPinnedAnswer(const HttpResponse& r, const std::string& repo, const std::string& commit,
                         const std::string& file);

}  // namespace lineage
