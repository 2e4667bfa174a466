// ResolveModel and HubResolver (io/hub/resolve.h): a model argument to a ModelLocation.
#include "io/hub/resolve.h"

#include <filesystem>

#include "io/cache/range_cache_admin.h"
#include "io/http/client.h"
#include "io/http/url.h"
#include "io/hub/hub_cache.h"
#include "io/hub/hub_file_opener.h"
#include "io/hub/repo_names.h"
#include "io/hub/weight_files.h"

namespace lineage {
namespace fs = std::filesystem;
namespace {

bool Exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

std::string RevisionUrl(const HubOptions& o, const HubRef& ref) {
  // A branch such as "refs/pr/1" is one path segment: its '/' are escaped.
  std::string rev;
  for (char c : EncodeUrlPath(ref.revision)) {
    if (c == '/') {
      rev += "%2F";
    } else {
      rev += c;
    }
  }
  return o.endpoint + "/api/models/" + ref.repo + "/revision/" + rev + "?blobs=true";
}

// Downloads the small files of the snapshot that are not there yet.
Status FetchSmallFiles(const HttpClient& client, const HubOptions& o, const HubSnapshot& snap,
                       ReadStats& stats) {
  for (const RepoFile& f : snap.files) {
    if (IsWeightFile(f.path, f.size) || IsIgnoredRepoFile(f.path)) continue;
    if (f.size && *f.size > kMaxSmallFileBytes) continue;  // served by ranges when asked for
    if (Exists(snap.dir + "/" + f.path)) continue;         // a snapshot file is never fetched again
    const std::string url =
        o.endpoint + "/" + snap.repo + "/resolve/" + snap.commit + "/" + EncodeUrlPath(f.path);
    auto r = client.GetWhole(url, kMaxSmallFileBytes, stats);
    if (!r.ok()) return r.status().WithContext(snap.repo + ": " + f.path);
    LINEAGE_RETURN_IF_ERROR(CheckPinnedAnswer(*r, snap.repo, snap.commit, f.path));
    const std::string etag =
        ParseEtag(r->Header("x-linked-etag")).value_or(ParseEtag(r->Header("etag")).value_or(""));
    LINEAGE_RETURN_IF_ERROR(
        StoreSnapshotFile(o.hf_home, snap.repo, snap.commit, f.path, etag, r->body));
  }
  return Status::Ok();
}

Result<HubSnapshot> ResolveOnline(const HttpClient& client, const HubOptions& o, const HubRef& ref,
                                  ReadStats& stats) {
  const std::string what = ref.repo + "@" + ref.revision;
  const std::string url = RevisionUrl(o, ref);
  auto r = client.GetWhole(url, kMaxRevisionJsonBytes, stats);
  if (!r.ok()) return r.status().WithContext(what);
  const std::string_view json(reinterpret_cast<const char*>(r->body.data()), r->body.size());
  LINEAGE_ASSIGN_OR_RETURN(RevisionInfo info, ParseRevisionInfo(json, url));
  if (IsCommitSha(ref.revision) && info.commit != ref.revision) {
    return Corrupt(url, "asked for commit " + ref.revision + ", the hub answered " + info.commit);
  }
  LINEAGE_RETURN_IF_ERROR(SaveRevisionJson(o.hf_home, ref.repo, info.commit, json));
  LINEAGE_RETURN_IF_ERROR(WriteCachedRef(o.hf_home, ref.repo, ref.revision, info.commit));
  HubSnapshot snap{ref.repo, info.commit, SnapshotDir(o.hf_home, ref.repo, info.commit),
                   std::move(info.files)};
  std::error_code ec;
  fs::create_directories(snap.dir, ec);
  if (ec) return IoError(snap.dir + ": cannot create: " + ec.message());
  LINEAGE_RETURN_IF_ERROR(FetchSmallFiles(client, o, snap, stats));
  return snap;
}

// Offline without a saved revision answer: the snapshot's files and the range cache's.
std::vector<RepoFile> FilesFromCache(const HubOptions& o, const HubRef& ref,
                                     const std::string& commit, const std::string& dir) {
  std::vector<RepoFile> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    files.push_back({fs::relative(it->path(), dir, ec).generic_string(), it->file_size(ec), ""});
  }
  for (const CachedRangeFile& f : ListRangeCache(o.hf_home)) {
    if (f.meta.repo != ref.repo || f.meta.commit != commit) continue;
    bool known = false;
    for (const RepoFile& g : files) known = known || g.path == f.meta.file;
    if (!known) files.push_back({f.meta.file, f.meta.size, ""});
  }
  return files;
}

Result<HubSnapshot> ResolveOffline(const HubOptions& o, const HubRef& ref) {
  LINEAGE_ASSIGN_OR_RETURN(std::string commit, ReadCachedRef(o.hf_home, ref.repo, ref.revision));
  HubSnapshot snap{ref.repo, commit, SnapshotDir(o.hf_home, ref.repo, commit), {}};
  auto info = LoadRevisionJson(o.hf_home, ref.repo, commit);
  if (info.ok()) {
    snap.files = std::move(info->files);
  } else if (info.status().code() == Status::Code::kNotFound) {
    snap.files = FilesFromCache(o, ref, commit, snap.dir);
  } else {
    return info.status();
  }
  for (const RepoFile& f : snap.files) {
    if (IsWeightFile(f.path, f.size) || IsIgnoredRepoFile(f.path)) continue;
    if (f.size && *f.size > kMaxSmallFileBytes) continue;
    if (!Exists(snap.dir + "/" + f.path)) {
      return NotFound(ref.repo + "@" + ref.revision + ": " + f.path +
                      " is not in the cache, and the hub may not be asked (offline)");
    }
  }
  if (!Exists(snap.dir)) {
    return NotFound(ref.repo + "@" + ref.revision + ": no snapshot of commit " + commit +
                    " in the cache (offline)");
  }
  return snap;
}

// The bytes the model is made of: its weight files (in the snapshot's root, or the one file a
// resolve URL names); the whole repository when it lists no weights there.
uint64_t BytesTotal(const HubSnapshot& snap, const std::string& file) {
  uint64_t weights = 0;
  uint64_t all = 0;
  for (const RepoFile& f : snap.files) {
    const uint64_t n = f.size.value_or(0);
    all += n;
    if (!file.empty() ? f.path == file
                      : (IsWeightFile(f.path, f.size) && f.path.find('/') == std::string::npos)) {
      weights += n;
    }
  }
  return weights > 0 ? weights : all;
}

}  // namespace

HubResolver::HubResolver(HubOptions options) : options_(std::move(options)) {}

Result<ModelLocation> HubResolver::Resolve(const std::string& arg) {
  if (Exists(arg)) return LocalLocation(arg);
  auto ref = ParseHubRef(arg, options_.endpoint);
  if (!ref) {
    return NotFound(arg +
                    ": neither a local path that exists nor a hub reference (org/name, "
                    "org/name@revision, hf://org/name[@revision], or " +
                    options_.endpoint + "/org/name/resolve/<revision>/<file>)");
  }
  ModelLocation loc;
  loc.as_given = arg;
  Result<HubSnapshot> snap = Internal("unresolved");
  if (options_.offline) {
    snap = ResolveOffline(options_, *ref);
  } else {
    if (client_ == nullptr) {
      HttpClientOptions h;
      h.endpoint = options_.endpoint;
      h.token = options_.token;
      h.ca_bundle = options_.ca_bundle;
      h.insecure = options_.insecure;
      h.connect_timeout_s = options_.connect_timeout_s;
      h.stall_timeout_s = options_.stall_timeout_s;
      h.max_retries = options_.max_retries;
      h.verbose = options_.verbose;
      LINEAGE_ASSIGN_OR_RETURN(client_, HttpClient::Create(std::move(h)));
    }
    snap = ResolveOnline(*client_, options_, *ref, *loc.stats);
  }
  if (!snap.ok()) return snap.status();
  if (!ref->file.empty() && !snap->files.empty()) {
    bool listed = false;
    for (const RepoFile& f : snap->files) listed = listed || f.path == ref->file;
    if (!listed) {
      return NotFound(ref->repo + "@" + ref->revision + ": no file '" + ref->file + "' at commit " +
                      snap->commit);
    }
  }
  loc.path = ref->file.empty() ? snap->dir : snap->dir + "/" + ref->file;
  loc.repo = ref->repo;
  loc.revision = snap->commit;
  loc.bytes_total = BytesTotal(*snap, ref->file);
  loc.files = std::make_shared<HubFileOpener>(options_.offline ? nullptr : client_, options_,
                                              std::move(*snap), loc.stats);
  return loc;
}

Result<ModelLocation> ResolveModel(const std::string& arg, const HubOptions& options) {
  HubResolver resolver(options);
  return resolver.Resolve(arg);
}

}  // namespace lineage
