#include "io/http/client.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>
#include <random>
#include <thread>

#include "io/http/retry_policy.h"
#include "io/http/url.h"

namespace lineage {
namespace {

// libcurl's process-wide setup must run once before any other curl call and is not thread-safe;
// a function-local static runs it exactly once (C++ guarantees thread-safe initialisation). It is
// never torn down: curl_global_cleanup at exit would race with late destructors.
bool CurlGlobalInit() {
  static const bool ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  return ok;
}

// What one request (one hop) is asked to do with the body.
struct Sink {
  enum class Mode { kWhole, kRange } mode = Mode::kWhole;
  uint64_t max_bytes = 0;  // kWhole
  std::vector<uint8_t>* whole = nullptr;
  uint64_t offset = 0;  // kRange
  std::span<uint8_t> out;
  const std::string* post_json = nullptr;  // kWhole only: POST this JSON body instead of GET
  const char* Method() const { return post_json != nullptr ? "POST" : "GET"; }
};

// The state of one hop, filled by libcurl's callbacks.
struct Hop {
  const Sink* sink = nullptr;
  ReadStats* stats = nullptr;
  std::string url;
  long status = 0;
  HttpHeaders headers;
  uint64_t received = 0;  // body bytes seen
  uint64_t written = 0;   // bytes stored (kWhole: into *whole, kRange: into out)
  bool checked = false;   // the range answer was validated at its first body byte
  bool complete = false;  // the range is complete: the transfer was stopped on purpose
  Status error;           // a hostile answer found by a callback
  bool transport_retryable = false;
  uint64_t total = 0;  // the file size the answer claims
};

bool IsRedirect(long s) { return s == 301 || s == 302 || s == 303 || s == 307 || s == 308; }

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* hop = static_cast<Hop*>(user);
  std::string_view line(data, size * n);
  if (line.starts_with("HTTP/")) {  // a new response (after 100 Continue): forget the old one
    hop->headers.clear();
    const size_t sp = line.find(' ');
    auto code = sp == std::string_view::npos ? std::nullopt : ParseDecimal(line.substr(sp + 1, 3));
    hop->status = code ? static_cast<long>(*code) : 0;
    return size * n;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return size * n;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string value(TrimHeaderValue(line.substr(colon + 1)));
  auto [it, inserted] = hop->headers.emplace(name, value);
  if (!inserted && it->second != value) it->second.clear();  // conflicting repeats: refused
  return size * n;
}

std::string RangeText(uint64_t first, uint64_t len) {
  return std::to_string(first) + "-" + std::to_string(first + len - 1);
}

// The first body byte of a range answer: decides how the body is read, or refuses it.
Status CheckRangeAnswer(Hop& hop) {
  const Sink& s = *hop.sink;
  if (hop.status == 206) {
    auto cr = ParseContentRange(hop.headers["content-range"]);
    if (!cr || cr->first != s.offset || cr->last != s.offset + s.out.size() - 1) {
      return Corrupt(hop.url, "asked for bytes " + RangeText(s.offset, s.out.size()) +
                                  ", the server answered Content-Range '" +
                                  hop.headers["content-range"] + "'");
    }
    hop.total = cr->total;
    return Status::Ok();
  }
  // 200: the whole body. Usable only by skipping to the offset; refuse absurd skips.
  auto len = ParseContentLength(hop.headers["content-length"]);
  if (len && *len < s.offset + s.out.size()) {
    return Corrupt(hop.url, "the server ignored Range and sent " + std::to_string(*len) +
                                " bytes, fewer than the " + RangeText(s.offset, s.out.size()) +
                                " asked for");
  }
  if (s.offset > HttpClient::kMaxSkipOnFullBody) {
    return NetworkError(hop.url +
                        ": the server ignored the Range header (HTTP 200); refusing to "
                        "download " +
                        std::to_string(s.offset) + " bytes to reach the offset");
  }
  hop.total = len.value_or(0);
  return Status::Ok();
}

size_t WriteRange(Hop& hop, const uint8_t* p, size_t n) {
  const Sink& s = *hop.sink;
  const uint64_t at = hop.received;  // body offset of p[0]
  hop.received += n;
  const uint64_t base = hop.status == 206 ? s.offset : 0;  // file offset of body byte 0
  const uint64_t begin = std::max(base + at, s.offset);
  const uint64_t end = std::min(base + at + n, s.offset + s.out.size());
  if (hop.status == 206 && base + at + n > s.offset + s.out.size()) {
    hop.error = Corrupt(hop.url, "the server sent more bytes than its Content-Range " +
                                     RangeText(s.offset, s.out.size()));
    return 0;
  }
  if (begin < end) {
    std::memcpy(s.out.data() + (begin - s.offset), p + (begin - base - at), end - begin);
    hop.written += end - begin;
  }
  if (hop.written == s.out.size()) {
    hop.complete = true;
    return hop.status == 206 ? n : 0;  // stop a full-body answer once the range is complete
  }
  return n;
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* hop = static_cast<Hop*>(user);
  const size_t bytes = size * n;
  hop->stats->bytes_fetched.fetch_add(bytes, std::memory_order_relaxed);
  if (hop->status < 200 || hop->status > 299) return bytes;  // error or redirect body: dropped
  const auto* p = reinterpret_cast<const uint8_t*>(data);
  const Sink& s = *hop->sink;
  if (s.mode == Sink::Mode::kWhole) {
    if (hop->written + bytes > s.max_bytes) {
      hop->error = Refused(hop->url + ": larger than the " + std::to_string(s.max_bytes) +
                           " bytes allowed for this file");
      return 0;
    }
    s.whole->insert(s.whole->end(), p, p + bytes);
    hop->written += bytes;
    return bytes;
  }
  if (!hop->checked) {
    hop->checked = true;
    hop->error = CheckRangeAnswer(*hop);
    if (!hop->error.ok()) return 0;
  }
  return WriteRange(*hop, p, bytes);
}

// The result of one attempt (a chain of hops).
struct Attempt {
  Status status;
  bool retryable = false;
  std::optional<double> retry_after;
  HttpResponse response;
};

}  // namespace

std::string HttpResponse::Header(const std::string& name) const {
  auto it = first.find(name);
  if (it != first.end()) return it->second;
  it = last.find(name);
  return it == last.end() ? "" : it->second;
}

struct HttpClient::Impl {
  HttpClientOptions options;
  Url endpoint;
  CURLSH* share = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks;
  std::mutex pool_mu;
  std::vector<CURL*> pool;  // idle easy handles
  std::mutex rng_mu;
  std::mt19937_64 rng{std::random_device{}()};
  std::once_flag plain_http_warned;

  ~Impl() {
    for (CURL* h : pool) curl_easy_cleanup(h);
    if (share != nullptr) curl_share_cleanup(share);
  }
  CURL* Acquire();
  void Release(CURL* h);
  double UnitRandom();
  Status RunHop(CURL* h, const Url& url, const Sink& sink, ReadStats& stats, Hop& hop);
  void SetOptions(CURL* h, const Url& url, const Sink& sink, Hop& hop, curl_slist** headers);
  Attempt Once(const std::string& url, const Sink& sink, ReadStats& stats);
  Result<HttpResponse> WithRetries(const std::string& url, const Sink& sink, ReadStats& stats);
};

namespace {

void LockShare(CURL*, curl_lock_data data, curl_lock_access, void* user) {
  static_cast<HttpClient::Impl*>(user)->share_locks[data].lock();
}
void UnlockShare(CURL*, curl_lock_data data, void* user) {
  static_cast<HttpClient::Impl*>(user)->share_locks[data].unlock();
}

}  // namespace

CURL* HttpClient::Impl::Acquire() {
  {
    std::lock_guard<std::mutex> lock(pool_mu);
    if (!pool.empty()) {
      CURL* h = pool.back();
      pool.pop_back();
      return h;
    }
  }
  return curl_easy_init();
}

void HttpClient::Impl::Release(CURL* h) {
  curl_easy_reset(h);
  std::lock_guard<std::mutex> lock(pool_mu);
  pool.push_back(h);
}

double HttpClient::Impl::UnitRandom() {
  std::lock_guard<std::mutex> lock(rng_mu);
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

void HttpClient::Impl::SetOptions(CURL* h, const Url& url, const Sink& sink, Hop& hop,
                                  curl_slist** headers) {
  const std::string u = url.ToString();
  curl_easy_setopt(h, CURLOPT_URL, u.c_str());
  curl_easy_setopt(h, CURLOPT_SHARE, share);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);  // by hand: the token rule needs each hop
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::max(1.0, options.connect_timeout_s * 1000)));
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
                   static_cast<long>(std::max(1.0, options.stall_timeout_s)));
  curl_easy_setopt(h, CURLOPT_USERAGENT, "lineage/" LINEAGE_VERSION);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, nullptr);  // ranges are of the stored bytes
  if (options.total_timeout_s > 0) {
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(std::max(1.0, options.total_timeout_s * 1000)));
  }
  if (sink.post_json != nullptr) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, sink.post_json->data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(sink.post_json->size()));
    *headers = curl_slist_append(*headers, "Content-Type: application/json");
  }
  if (!options.ca_bundle.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_bundle.c_str());
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options.insecure ? 0L : 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options.insecure ? 0L : 2L);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &hop);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &hop);
  if (sink.mode == Sink::Mode::kRange) {
    const std::string range = RangeText(sink.offset, sink.out.size());
    curl_easy_setopt(h, CURLOPT_RANGE, range.c_str());  // copied by libcurl
  }
  if (!options.token.empty() && SameOrigin(url, endpoint)) {
    if (url.scheme == "http" && !IsLoopbackHost(url.host)) {
      std::call_once(plain_http_warned, [&] {
        std::fprintf(stderr,
                     "lineage: warning: sending the token over plain http to %s; anyone on "
                     "the path can read it (use https)\n",
                     url.host.c_str());
      });
    }
    *headers = curl_slist_append(*headers, ("Authorization: Bearer " + options.token).c_str());
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, *headers);
}

Status HttpClient::Impl::RunHop(CURL* h, const Url& url, const Sink& sink, ReadStats& stats,
                                Hop& hop) {
  hop.sink = &sink;
  hop.stats = &stats;
  hop.url = url.ToString();
  curl_slist* headers = nullptr;
  SetOptions(h, url, sink, hop, &headers);
  stats.requests.fetch_add(1, std::memory_order_relaxed);
  const CURLcode rc = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &hop.status);
  curl_slist_free_all(headers);
  const bool ok = rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && hop.complete);
  if (options.verbose) {
    std::string what = sink.mode == Sink::Mode::kRange
                           ? " [bytes " + RangeText(sink.offset, sink.out.size()) + "]"
                           : "";
    std::fprintf(stderr, "lineage: %s %s%s -> %ld%s%s\n", sink.Method(), hop.url.c_str(),
                 what.c_str(), hop.status, ok ? "" : " ", ok ? "" : curl_easy_strerror(rc));
  }
  if (!hop.error.ok()) return hop.error;
  if (ok) return Status::Ok();
  // Certificate and protocol errors will not go away by asking again; transport errors may.
  hop.transport_retryable = rc != CURLE_PEER_FAILED_VERIFICATION &&
                            rc != CURLE_SSL_CACERT_BADFILE && rc != CURLE_UNSUPPORTED_PROTOCOL &&
                            rc != CURLE_URL_MALFORMAT && rc != CURLE_COULDNT_RESOLVE_HOST &&
                            rc != CURLE_SSL_CERTPROBLEM;
  return NetworkError(std::string(sink.Method()) + " " + hop.url + ": " + curl_easy_strerror(rc));
}

namespace {

Status StatusForHttp(long status, const std::string& url, const char* method) {
  const std::string what = std::string(method) + " " + url + ": HTTP " + std::to_string(status);
  if (status == 401 || status == 403) {
    return AuthError(what + " (gated or private: set HF_TOKEN to a valid token with access)");
  }
  if (status == 404) return NotFound(what + " (no such repository, revision or file)");
  if (status == 416) return Corrupt(url, "HTTP 416: the range asked for is past the file's end");
  return NetworkError(what);
}

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A 2xx hop: the body must be complete.
Status CheckComplete(const Hop& hop, const Sink& sink) {
  if (sink.mode == Sink::Mode::kRange) {
    if (hop.written == sink.out.size()) return Status::Ok();
    return NetworkError("GET " + hop.url + ": truncated body: got " + std::to_string(hop.written) +
                        " of the " + std::to_string(sink.out.size()) + " bytes asked for");
  }
  const std::string method = sink.Method();
  auto len =
      ParseContentLength(hop.headers.count("content-length") != 0 ? hop.headers.at("content-length")
                                                                  : std::to_string(hop.written));
  if (len && *len == hop.written) return Status::Ok();
  return NetworkError(method + " " + hop.url + ": truncated body: got " +
                      std::to_string(hop.written) + " bytes, Content-Length says " +
                      (len ? std::to_string(*len) : std::string("(invalid)")));
}

}  // namespace

Attempt HttpClient::Impl::Once(const std::string& url, const Sink& sink, ReadStats& stats) {
  Attempt a;
  auto cur = ParseUrl(url);
  if (!cur) {
    a.status = InvalidArgument(url + ": not an http(s) URL lineage can fetch");
    return a;
  }
  if (sink.whole != nullptr) sink.whole->clear();
  for (int i = 0; i <= HttpClient::kMaxRedirects; ++i) {
    Hop hop;
    CURL* h = Acquire();
    if (h == nullptr) {
      a.status = Internal("curl_easy_init failed");
      return a;
    }
    Status st = RunHop(h, *cur, sink, stats, hop);
    Release(h);
    if (i == 0) a.response.first = hop.headers;
    if (!st.ok()) {
      a.status = st;
      a.retryable = hop.transport_retryable;
      return a;
    }
    if (IsRedirect(hop.status)) {
      auto next = ResolveLocation(*cur, hop.headers["location"]);
      if (!next) {
        a.status = Corrupt(
            hop.url, "HTTP " + std::to_string(hop.status) + " redirect to an invalid Location");
        return a;
      }
      cur = std::move(next);
      continue;
    }
    if (hop.status >= 200 && hop.status <= 299) {
      a.status = CheckComplete(hop, sink);
      a.retryable = !a.status.ok();
      a.response.status = hop.status;
      a.response.url = hop.url;
      a.response.total_size = hop.total;
      a.response.last = std::move(hop.headers);
      return a;
    }
    a.status = StatusForHttp(hop.status, hop.url, sink.Method());
    a.retryable = IsRetryableHttpStatus(hop.status);
    a.retry_after =
        ParseRetryAfter(hop.headers["retry-after"], NowUnix(), options.retry_after_cap_s);
    return a;
  }
  a.status = NetworkError(std::string(sink.Method()) + " " + url + ": more than " +
                          std::to_string(HttpClient::kMaxRedirects) + " redirects");
  return a;
}

Result<HttpResponse> HttpClient::Impl::WithRetries(const std::string& url, const Sink& sink,
                                                   ReadStats& stats) {
  for (int retry = 0;; ++retry) {
    Attempt a = Once(url, sink, stats);
    if (a.status.ok()) return std::move(a.response);
    if (!a.retryable || retry >= options.max_retries) {
      if (retry == 0) return a.status;
      return Status(a.status.code(),
                    a.status.message() + " (after " + std::to_string(retry) + " retries)");
    }
    const double wait = BackoffSeconds(retry, options.backoff_initial_s, options.backoff_max_s,
                                       UnitRandom(), a.retry_after);
    std::this_thread::sleep_for(std::chrono::duration<double>(wait));
  }
}

HttpClient::HttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpClient::~HttpClient() = default;

Result<std::unique_ptr<HttpClient>> HttpClient::Create(HttpClientOptions options) {
  if (!CurlGlobalInit()) return Internal("curl_global_init failed");
  auto impl = std::make_unique<Impl>();
  auto endpoint = ParseUrl(options.endpoint);
  if (!endpoint) {
    return InvalidArgument("hub endpoint '" + options.endpoint +
                           "' is not an http(s) URL (HF_ENDPOINT)");
  }
  impl->endpoint = *endpoint;
  impl->share = curl_share_init();
  if (impl->share == nullptr) return Internal("curl_share_init failed");
  curl_share_setopt(impl->share, CURLSHOPT_LOCKFUNC, LockShare);
  curl_share_setopt(impl->share, CURLSHOPT_UNLOCKFUNC, UnlockShare);
  curl_share_setopt(impl->share, CURLSHOPT_USERDATA, impl.get());
  curl_share_setopt(impl->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
  curl_share_setopt(impl->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  curl_share_setopt(impl->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  if (options.insecure) {
    std::fprintf(stderr,
                 "lineage: WARNING: --insecure: TLS certificates are NOT verified; anyone on the "
                 "network path can impersonate %s and feed lineage any bytes\n",
                 endpoint->host.c_str());
  }
  impl->options = std::move(options);
  return std::unique_ptr<HttpClient>(new HttpClient(std::move(impl)));
}

Result<HttpResponse> HttpClient::GetWhole(const std::string& url, uint64_t max_bytes,
                                          ReadStats& stats) const {
  std::vector<uint8_t> body;
  Sink sink;
  sink.mode = Sink::Mode::kWhole;
  sink.max_bytes = max_bytes;
  sink.whole = &body;
  LINEAGE_ASSIGN_OR_RETURN(HttpResponse r, impl_->WithRetries(url, sink, stats));
  r.body = std::move(body);
  return r;
}

Result<HttpResponse> HttpClient::PostJson(const std::string& url, const std::string& json,
                                          uint64_t max_bytes, ReadStats& stats) const {
  std::vector<uint8_t> body;
  Sink sink;
  sink.mode = Sink::Mode::kWhole;
  sink.max_bytes = max_bytes;
  sink.whole = &body;
  sink.post_json = &json;
  LINEAGE_ASSIGN_OR_RETURN(HttpResponse r, impl_->WithRetries(url, sink, stats));
  r.body = std::move(body);
  return r;
}

Result<HttpResponse> HttpClient::GetRange(const std::string& url, uint64_t offset,
                                          std::span<uint8_t> out, ReadStats& stats) const {
  if (out.empty()) return Internal("GetRange of zero bytes: " + url);
  Sink sink;
  sink.mode = Sink::Mode::kRange;
  sink.offset = offset;
  sink.out = out;
  return impl_->WithRetries(url, sink, stats);
}

}  // namespace lineage
