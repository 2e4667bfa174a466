#include "io/hub/hub_cache.h"

#include <openssl/sha.h>

#include <filesystem>

#include "io/atomic_file.h"
#include "io/byte_source.h"
#include "io/http/headers.h"
#include "io/hub/repo_names.h"

namespace lineage {
namespace {

std::span<const uint8_t> Bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

bool IsSafeBlobName(const std::string& s) {
  if (s.empty() || s.size() > 128 || s.front() == '.') return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

std::string Sha256Hex(std::span<const uint8_t> bytes) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(bytes.data(), bytes.size(), md);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : md) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string RevisionJsonPath(const std::string& hf_home, const std::string& repo,
                             const std::string& commit) {
  return hf_home + "/lineage/revisions/" + RepoFolderName(repo) + "/" + commit + ".json";
}

}  // namespace

std::string HubRepoDir(const std::string& hf_home, const std::string& repo) {
  return hf_home + "/hub/" + RepoFolderName(repo);
}

std::string SnapshotDir(const std::string& hf_home, const std::string& repo,
                        const std::string& commit) {
  return HubRepoDir(hf_home, repo) + "/snapshots/" + commit;
}

Result<std::string> ReadCachedRef(const std::string& hf_home, const std::string& repo,
                                  const std::string& rev) {
  if (IsCommitSha(rev)) return rev;
  const std::string path = HubRepoDir(hf_home, repo) + "/refs/" + rev;
  auto bytes = ReadWholeFile(path, 4096);
  if (!bytes.ok()) {
    return NotFound(repo + "@" + rev + ": the revision is not in the cache (" + path +
                    ") and the hub may not be asked (offline)");
  }
  auto commit =
      ParseCommitSha(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
  if (!commit) return Corrupt(path, "does not hold a 40-hex commit");
  return *commit;
}

Status WriteCachedRef(const std::string& hf_home, const std::string& repo, const std::string& rev,
                      const std::string& commit) {
  if (IsCommitSha(rev)) return Status::Ok();  // a commit needs no ref
  return WriteFileAtomic(HubRepoDir(hf_home, repo) + "/refs/" + rev, Bytes(commit));
}

Status StoreSnapshotFile(const std::string& hf_home, const std::string& repo,
                         const std::string& commit, const std::string& file,
                         const std::string& etag, std::span<const uint8_t> bytes) {
  const std::string blob = IsSafeBlobName(etag) ? etag : Sha256Hex(bytes);
  const std::string repo_dir = HubRepoDir(hf_home, repo);
  LINEAGE_RETURN_IF_ERROR(WriteFileAtomic(repo_dir + "/blobs/" + blob, bytes));
  // snapshots/<commit>/a/b/file → ../../../blobs/<blob>: one ".." per folder below the repo.
  std::string up = "../../";
  for (char c : file) {
    if (c == '/') up += "../";
  }
  return SymlinkAtomic(up + "blobs/" + blob, SnapshotDir(hf_home, repo, commit) + "/" + file);
}

Status SaveRevisionJson(const std::string& hf_home, const std::string& repo,
                        const std::string& commit, std::string_view json) {
  return WriteFileAtomic(RevisionJsonPath(hf_home, repo, commit), Bytes(json));
}

Result<RevisionInfo> LoadRevisionJson(const std::string& hf_home, const std::string& repo,
                                      const std::string& commit) {
  const std::string path = RevisionJsonPath(hf_home, repo, commit);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return NotFound(path + ": no such file");
  LINEAGE_ASSIGN_OR_RETURN(auto bytes, ReadWholeFile(path, kMaxRevisionJsonBytes));
  LINEAGE_ASSIGN_OR_RETURN(
      RevisionInfo info,
      ParseRevisionInfo(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                        path));
  if (info.commit != commit) return Corrupt(path, "names commit " + info.commit);
  return info;
}

}  // namespace lineage
