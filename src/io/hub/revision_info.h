// The hub's answer to GET {endpoint}/api/models/{repo}/revision/{rev}?blobs=true: the commit the
// revision points at and the repository's files (with sizes and LFS sha256 when the hub gives
// them).
//
// Contract: ParseRevisionInfo treats the JSON as hostile: bounded size and depth (util/json.h),
// `sha` must be 40 hex, every `siblings[].rfilename` must pass IsValidRepoFilePath and appear once,
// sizes must be non-negative integers, an LFS sha256 must be 64 hex; anything else is kCorrupt
// naming `name` (the URL). Unknown keys are ignored. Pure; thread-safe. Fuzzed by
// fuzz/hub_revision_fuzz.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace lineage {

constexpr uint64_t kMaxRevisionJsonBytes = uint64_t{32} << 20;
constexpr size_t kMaxRepoFiles = 200000;

struct RepoFile {
  std::string path;              // relative to the repository root
  std::optional<uint64_t> size;  // bytes, when the hub said
  std::string lfs_sha256;        // 64 hex for LFS files, else ""
};

struct RevisionInfo {
  std::string commit;  // 40 hex
  std::vector<RepoFile> files;
  const RepoFile* Find(const std::string& path) const;
};

Result<RevisionInfo> ParseRevisionInfo(std::string_view json, const std::string& name);

}  // namespace lineage
