// HttpClient: the one HTTP client of a run (libcurl), shared by every remote file of every model.
//
// Contract:
//   - Thread-safe: many threads may call GetWhole / GetRange at once. Easy handles are pooled and
//     a curl share object holds one connection cache, DNS cache and TLS session cache, so
//     connections are reused across threads; HTTP/2 is negotiated over TLS where offered.
//   - Redirects are followed by hand (at most kMaxRedirects): the token is sent as
//     `Authorization: Bearer` only to URLs whose scheme, host and port equal the endpoint's, so
//     it never follows a redirect to a CDN or any other host. It never appears in a message or a
//     log line (URLs never carry it). A token that would go over plain http to a host that is
//     not loopback is sent, with one warning on stderr per client.
//   - Retries, with exponential backoff and jitter, on 429, 5xx, timeouts, connection errors and
//     truncated bodies, honouring Retry-After (capped), up to options.max_retries. A stall (no
//     byte for stall_timeout_s) is a timeout.
//   - GetRange returns exactly the bytes asked for or an error: a 206 must carry the Content-Range
//     asked for and exactly that many bytes; a 200 (the server ignored Range) is streamed: the
//     bytes before the offset are skipped (refused beyond kMaxSkipOnFullBody) and the transfer
//     stops once the range is complete.
//   - Errors name the method, the URL and the HTTP status: 401/403 → kAuth, 404 → kNotFound,
//     a body over the cap → kRefused, an inconsistent answer → kCorrupt, the rest → kNetwork.
//   - Every request (retries and redirect hops included) counts into `stats.requests`, every body
//     byte received into `stats.bytes_fetched`.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "io/http/headers.h"
#include "io/read_stats.h"
#include "util/status.h"

namespace lineage {

struct HttpClientOptions {
  std::string endpoint;   // the origin the token belongs to (scheme://host[:port])
  std::string token;      // secret; empty = no Authorization header
  std::string ca_bundle;  // PEM file of trusted CAs; empty = the system's
  bool insecure = false;  // no TLS verification (warned loudly)
  double connect_timeout_s = 10;
  double stall_timeout_s = 30;
  double total_timeout_s = 0;  // a whole request (one attempt) at most this long; 0 = no limit
  int max_retries = 5;
  double backoff_initial_s = 0.5;  // doubles per retry, with jitter in [0.5, 1)
  double backoff_max_s = 30;
  double retry_after_cap_s = 120;  // a hostile Retry-After cannot park us for a day
  bool verbose = false;            // one line per request on stderr: method, URL, status
};

// Lowercased header name → value, for one response. A header repeated with different values maps
// to "" so that every strict parser refuses it.
using HttpHeaders = std::map<std::string, std::string>;

struct HttpResponse {
  long status = 0;            // the final status (2xx on success)
  std::string url;            // the final URL (after redirects)
  HttpHeaders first;          // headers of the first hop (the endpoint's own answer)
  HttpHeaders last;           // headers of the final hop
  std::vector<uint8_t> body;  // GetWhole only
  uint64_t total_size = 0;    // GetRange: the file size from Content-Range (or Content-Length)
  // A header from the first hop, else the last; "" when absent.
  std::string Header(const std::string& lowercase_name) const;
};

class HttpClient {
 public:
  static constexpr int kMaxRedirects = 10;
  static constexpr uint64_t kMaxSkipOnFullBody = uint64_t{256} << 20;

  static Result<std::unique_ptr<HttpClient>> Create(HttpClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // GET of a whole (small) resource, refusing bodies over max_bytes.
  Result<HttpResponse> GetWhole(const std::string& url, uint64_t max_bytes, ReadStats& stats) const;
  // POST of a JSON body (Content-Type: application/json), reading the whole answer as GetWhole
  // does; the same retries (a 429's Retry-After honoured), errors and token rule. The request is
  // sent again on a retry, so it must be idempotent (a greedy completion is).
  Result<HttpResponse> PostJson(const std::string& url, const std::string& json, uint64_t max_bytes,
                                ReadStats& stats) const;
  // GET of bytes [offset, offset + out.size()) into `out` (out must not be empty).
  Result<HttpResponse> GetRange(const std::string& url, uint64_t offset, std::span<uint8_t> out,
                                ReadStats& stats) const;

  struct Impl;

 private:
  explicit HttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace lineage
