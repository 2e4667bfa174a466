// huggingface_hub's cache layout, read and written the way huggingface_hub does, so that files a
// user already downloaded are reused and files lineage downloads are reused by them:
//
//   $HF_HOME/hub/models--org--name/
//     refs/<rev>                    the commit a branch or tag pointed at (40 hex, one line)
//     blobs/<etag>                  file contents, named by the hub's ETag (LFS: the sha256)
//     snapshots/<commit>/<file>     relative symlink to ../../blobs/<etag> (deeper for subfolders)
//
// lineage also keeps the revision API's answer per commit, so that offline runs know the file list
// and sizes: $HF_HOME/lineage/revisions/models--org--name/<commit>.json.
//
// Contract: every write is atomic (io/atomic_file.h), so two processes may fill one cache.
// Names are validated by the callers (io/hub/repo_names.h) before they reach a path. Thread-safe.
#pragma once

#include <span>
#include <string>

#include "io/hub/revision_info.h"
#include "util/status.h"

namespace lineage {

std::string HubRepoDir(const std::string& hf_home, const std::string& repo);
std::string SnapshotDir(const std::string& hf_home, const std::string& repo,
                        const std::string& commit);

// The commit for `rev`: rev itself when it is a commit, else refs/<rev>. NotFound naming the repo
// and revision when the cache has no such ref; kCorrupt when the ref file holds no commit.
Result<std::string> ReadCachedRef(const std::string& hf_home, const std::string& repo,
                                  const std::string& rev);
Status WriteCachedRef(const std::string& hf_home, const std::string& repo, const std::string& rev,
                      const std::string& commit);

// Stores one whole file: blobs/<blob> (blob = the ETag when it is a safe file name, else the
// sha256 of the bytes) and the snapshot symlink to it.
Status StoreSnapshotFile(const std::string& hf_home, const std::string& repo,
                         const std::string& commit, const std::string& file,
                         const std::string& etag, std::span<const uint8_t> bytes);

// The revision API's answer, kept per commit (raw JSON, parsed again with ParseRevisionInfo).
Status SaveRevisionJson(const std::string& hf_home, const std::string& repo,
                        const std::string& commit, std::string_view json);
// NotFound when the commit's answer was never saved.
Result<RevisionInfo> LoadRevisionJson(const std::string& hf_home, const std::string& repo,
                                      const std::string& commit);

}  // namespace lineage
