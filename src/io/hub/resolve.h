// Resolving a model argument: a local path, or a Hugging Face hub reference pinned to a commit.
//
// Accepted forms (a local path that exists always wins over every hub form):
//   org/name               the default revision ("main")
//   org/name@rev           rev = a branch, a tag or a 40-hex commit
//   hf://org/name[@rev]
//   https://host/org/name/resolve/<rev>/<file>   one file of a repository (host = the endpoint)
//
// Contract:
//   - ResolveModel turns a hub reference into a ModelLocation: the revision is resolved to a commit
//     once (GET {endpoint}/api/models/{repo}/revision/{rev}); the small files (configs, tokenizer
//     files, shard indexes) are fetched whole into the huggingface_hub cache layout
//     ($HF_HOME/hub/models--org--name/{blobs,snapshots,refs}), reusing what is already there; the
//     weight files are served by the returned opener (the snapshot's file when already
//     downloaded, else HTTP ranges through lineage's range cache, keyed by commit and file).
//   - Offline (HF_HUB_OFFLINE=1) uses only the cache, and fails naming what is missing.
//   - The token is sent as `Authorization: Bearer` to the endpoint's host only, never on a
//     redirect to another host, and never appears in a message, a log line or a report.
//   - Errors are values naming the repository, the file and the HTTP status:
//     kNetwork (unreachable, timeouts, 5xx after retries, a misbehaving server), kAuth (401/403),
//     kNotFound (unknown repository, revision or file), kCorrupt (a hostile or inconsistent
//     answer). Thread-safe: the returned location's opener may be used from many threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "io/model_location.h"
#include "util/status.h"

namespace lineage {

struct HubOptions {
  std::string endpoint = "https://huggingface.co";  // HF_ENDPOINT
  std::string token;                                // HF_TOKEN, else $HF_HOME/token; secret
  std::string hf_home;                              // HF_HOME, else ~/.cache/huggingface
  bool offline = false;                             // HF_HUB_OFFLINE=1
  std::string ca_bundle;  // --ca-bundle, else CURL_CA_BUNDLE / SSL_CERT_FILE; empty = system
  bool insecure = false;  // --insecure: no TLS verification (loudly warned)
  double connect_timeout_s = 10;  // --timeout applies to both
  double stall_timeout_s = 30;    // no byte for this long = a timeout, retried
  int max_retries = 5;            // on 429, 5xx and timeouts, with backoff and Retry-After
  uint64_t range_cache_cap_bytes = uint64_t{20} << 30;  // lineage's range cache, pruned LRU
  bool verbose = false;  // one line per request on stderr (URL and status, never headers)
};

// Reads the environment through `getenv` (injected so tests need not touch the process's own).
HubOptions HubOptionsFromEnvironment(const std::function<const char*(const char*)>& getenv);

struct HubRef {
  std::string repo;      // "org/name"
  std::string revision;  // as written; "main" when omitted
  std::string file;      // set for a resolve URL naming one file, else empty
};

// Parses the hub forms above; nullopt when `arg` is none of them (then it is a local path).
std::optional<HubRef> ParseHubRef(const std::string& arg, const std::string& endpoint);

// A local path that exists → LocalLocation(arg). Else a hub reference → resolved as above.
// Else NotFound naming the argument (and saying that it is neither a path nor a hub reference).
// Each call makes its own HTTP client; to resolve several models in one run, use HubResolver.
Result<ModelLocation> ResolveModel(const std::string& arg, const HubOptions& options);

class HttpClient;

// Resolves the model arguments of one run with one HTTP client, so that connections and TLS
// sessions are reused across models. Not thread-safe (resolve the arguments one after the other);
// the locations it returns are.
class HubResolver {
 public:
  explicit HubResolver(HubOptions options);
  Result<ModelLocation> Resolve(const std::string& arg);
  const HubOptions& options() const { return options_; }

 private:
  HubOptions options_;
  std::shared_ptr<const HttpClient> client_;  // made on the first online resolution
};

}  // namespace lineage
