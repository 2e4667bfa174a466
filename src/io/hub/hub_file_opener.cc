#include "io/hub/hub_file_opener.h"

#include "io/counting_source.h"

#include <cstdio>
#include <filesystem>

#include "io/cache/range_cache.h"
#include "io/cache/range_cache_admin.h"
#include "io/counting_source.h"
#include "io/http/headers.h"
#include "io/http/url.h"
#include "io/hub/remote_source.h"
#include "io/hub/weight_files.h"

namespace lineage {
namespace fs = std::filesystem;

struct HubFileOpener::FileState {
  RepoFile listed;
  std::mutex mu;
  std::string etag_seen;                // guarded by mu
  std::optional<uint64_t> probed_size;  // guarded by mu
};

namespace {

// A header of the first hop (the hub's own answer), else of the last; nullopt when absent.
std::optional<std::string> FindHeader(const HttpResponse& r, const std::string& name) {
  auto it = r.first.find(name);
  if (it != r.first.end()) return it->second;
  it = r.last.find(name);
  if (it != r.last.end()) return it->second;
  return std::nullopt;
}

std::string EtagOf(const HttpResponse& r) {
  auto linked = FindHeader(r, "x-linked-etag");
  if (linked) return ParseEtag(*linked).value_or("");
  return ParseEtag(FindHeader(r, "etag").value_or("")).value_or("");
}

bool OnDisk(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);  // follows the snapshot's symlink; a dangling one is absent
}

}  // namespace

Status CheckPinnedAnswer(const HttpResponse& r, const std::string& repo, const std::string& commit,
                         const std::string& file) {
  auto sent = FindHeader(r, "x-repo-commit");
  if (sent && ParseCommitSha(*sent).value_or("") != commit) {
    return NetworkError(repo + ": " + file +
                        ": the revision moved during the run: fetched by commit " + commit +
                        ", the hub answered for commit '" + *sent + "' (" + r.url + ")");
  }
  return Status::Ok();
}

namespace {

Status WatchEtag(HubFileOpener::FileState& state, const std::string& etag,
                 const std::string& what) {
  if (etag.empty()) return Status::Ok();
  std::lock_guard<std::mutex> lock(state.mu);
  if (state.etag_seen.empty()) state.etag_seen = etag;
  if (state.etag_seen == etag) return Status::Ok();
  return NetworkError(what + ": the file's ETag changed during the run ('" + state.etag_seen +
                      "', then '" + etag + "')");
}

}  // namespace

HubFileOpener::HubFileOpener(std::shared_ptr<const HttpClient> client, HubOptions options,
                             HubSnapshot snapshot, std::shared_ptr<ReadStats> stats)
    : client_(std::move(client)),
      options_(std::move(options)),
      snapshot_(std::move(snapshot)),
      stats_(std::move(stats)) {
  for (const RepoFile& f : snapshot_.files) {
    auto state = std::make_shared<FileState>();
    state->listed = f;
    files_.emplace(f.path, std::move(state));
  }
}

HubFileOpener::~HubFileOpener() {
  auto pruned = PruneRangeCache(options_.hf_home, options_.range_cache_cap_bytes);
  if (!pruned.ok() && options_.verbose) {
    std::fprintf(stderr, "lineage: range cache not pruned: %s\n",
                 pruned.status().ToString().c_str());
  }
}

std::string HubFileOpener::FileUrl(const std::string& file) const {
  return options_.endpoint + "/" + snapshot_.repo + "/resolve/" + snapshot_.commit + "/" +
         EncodeUrlPath(file);
}

std::string HubFileOpener::RepoPath(const std::string& path) const {
  const fs::path rel = fs::path(path).lexically_normal().lexically_relative(
      fs::path(snapshot_.dir).lexically_normal());
  const std::string s = rel.generic_string();
  if (s.empty() || s == "." || s.starts_with("..")) return "";
  return s;
}

Result<uint64_t> HubFileOpener::RemoteSize(FileState& state) const {
  if (state.listed.size) return *state.listed.size;
  FileState& mutable_state = state;
  {
    std::lock_guard<std::mutex> lock(mutable_state.mu);
    if (mutable_state.probed_size) return *mutable_state.probed_size;
  }
  const std::string what = snapshot_.repo + ": " + state.listed.path;
  if (client_ == nullptr) {
    return NotFound(what + ": size unknown and the hub may not be asked (offline)");
  }
  uint8_t byte = 0;
  auto r = client_->GetRange(FileUrl(state.listed.path), 0, std::span<uint8_t>(&byte, 1), *stats_);
  if (!r.ok()) return r.status().WithContext(what);
  LINEAGE_RETURN_IF_ERROR(
      CheckPinnedAnswer(*r, snapshot_.repo, snapshot_.commit, state.listed.path));
  LINEAGE_RETURN_IF_ERROR(WatchEtag(mutable_state, EtagOf(*r), what));
  if (r->total_size == 0) return NetworkError(what + ": the server did not say the file's size");
  std::lock_guard<std::mutex> lock(mutable_state.mu);
  mutable_state.probed_size = r->total_size;
  return r->total_size;
}

Result<std::unique_ptr<ByteSource>> HubFileOpener::Open(const std::string& path) const {
  if (OnDisk(path)) {
    // A weights file the user already downloaded: mapped, and counted like a remote one.
    LINEAGE_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> mapped, OpenMappedFile(path));
    return CountReads(std::move(mapped), stats_);
  }
  auto it = files_.find(RepoPath(path));
  if (it == files_.end()) {
    return NotFound(path + ": no such file (not on disk, and not a file of " + snapshot_.repo +
                    " at " + snapshot_.commit + ")");
  }
  std::shared_ptr<FileState> state = it->second;
  LINEAGE_ASSIGN_OR_RETURN(uint64_t size, RemoteSize(*state));
  RangeMeta meta;
  meta.repo = snapshot_.repo;
  meta.commit = snapshot_.commit;
  meta.file = state->listed.path;
  meta.size = size;
  meta.etag = state->listed.lfs_sha256;
  LINEAGE_ASSIGN_OR_RETURN(RangeCachedFile cache, RangeCachedFile::Open(options_.hf_home, meta));
  std::shared_ptr<const RangeFetcher> fetch;
  if (client_ != nullptr) {
    fetch = std::make_shared<const RangeFetcher>(
        [client = client_, url = FileUrl(meta.file), state, stats = stats_, repo = meta.repo,
         commit = meta.commit, size](uint64_t offset, std::span<uint8_t> out) -> Status {
          const std::string what = repo + ": " + state->listed.path;
          auto r = client->GetRange(url, offset, out, *stats);
          if (!r.ok()) return r.status().WithContext(what);
          LINEAGE_RETURN_IF_ERROR(CheckPinnedAnswer(*r, repo, commit, state->listed.path));
          auto linked = FindHeader(*r, "x-linked-size");
          const uint64_t claimed =
              linked ? ParseContentLength(*linked).value_or(UINT64_MAX) : r->total_size;
          if ((claimed != 0 && claimed != size) || (r->total_size != 0 && r->total_size != size)) {
            return Corrupt(url, "the file is " + std::to_string(r->total_size) +
                                    " bytes (X-Linked-Size '" + linked.value_or("") +
                                    "'), the hub listed " + std::to_string(size));
          }
          return WatchEtag(*state, EtagOf(*r), what);
        });
  }
  return MakeRemoteByteSource(path, std::move(cache), std::move(fetch), stats_);
}

std::vector<std::string> HubFileOpener::Extra(const std::string& dir) const {
  std::string rel = RepoPath(dir + "/x");  // the folder's repository path + "/x"
  if (rel.empty()) return {};
  rel.resize(rel.size() - 1);  // "" for the root, else "sub/"
  std::vector<std::string> out;
  for (const auto& [file, state] : files_) {
    if (!file.starts_with(rel) || IsIgnoredRepoFile(file)) continue;
    const std::string name = file.substr(rel.size());
    if (name.find('/') != std::string::npos || OnDisk(snapshot_.dir + "/" + file)) continue;
    out.push_back(name);
  }
  return out;
}

Result<uint64_t> HubFileOpener::Size(const std::string& path) const {
  std::error_code ec;
  if (OnDisk(path)) return static_cast<uint64_t>(fs::file_size(path, ec));
  auto it = files_.find(RepoPath(path));
  if (it == files_.end()) return NotFound(path + ": no such file");
  return RemoteSize(*it->second);
}

std::string HubFileOpener::ClaimedSha256(const std::string& path) const {
  if (OnDisk(path)) return "";
  auto it = files_.find(RepoPath(path));
  if (it == files_.end()) return "";
  if (!it->second->listed.lfs_sha256.empty()) return it->second->listed.lfs_sha256;
  std::lock_guard<std::mutex> lock(it->second->mu);
  const std::string& seen = it->second->etag_seen;
  bool hex64 = seen.size() == 64;
  for (char c : seen) hex64 = hex64 && std::isxdigit(static_cast<unsigned char>(c));
  return hex64 ? seen : "";
}

}  // namespace lineage
