// Strict parsers for the HTTP header values the hub client relies on. Every value comes from the
// network and is hostile: a parser accepts exactly the grammar below (no leading '+', no spaces
// inside numbers, no overflow) and returns nullopt for anything else.
//
// Pure functions; thread-safe. Each has a libFuzzer target (fuzz/http_headers_fuzz.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lineage {

// A decimal uint64 with no sign, no spaces, at most 19 digits (so it cannot overflow).
std::optional<uint64_t> ParseDecimal(std::string_view s);

// "Content-Range: bytes first-last/total" (RFC 9110 14.4) for a 206: first <= last < total.
// "bytes */total" (a 416's form) is not a satisfied range and is refused.
struct ContentRange {
  uint64_t first = 0;  // inclusive
  uint64_t last = 0;   // inclusive
  uint64_t total = 0;
};
std::optional<ContentRange> ParseContentRange(std::string_view value);

// Content-Length and X-Linked-Size: a decimal byte count.
std::optional<uint64_t> ParseContentLength(std::string_view value);

// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", the only form RFC 9110 requires senders to
// use), as seconds since the Unix epoch.
std::optional<int64_t> ParseHttpDate(std::string_view value);

// Retry-After: delay-seconds or an HTTP date; the wait in seconds from `now_unix` (0 when the
// date is past), capped at cap_s. nullopt when malformed (the caller then uses its own backoff).
std::optional<double> ParseRetryAfter(std::string_view value, int64_t now_unix, double cap_s);

// ETag / X-Linked-Etag: an entity tag, optionally weak ("W/"), quoted or bare. Returns the opaque
// tag without W/ and quotes; it must be 1..256 visible ASCII characters, no quote, no backslash.
std::optional<std::string> ParseEtag(std::string_view value);

// X-Repo-Commit: exactly 40 lowercase-or-uppercase hex digits (returned lowercased).
std::optional<std::string> ParseCommitSha(std::string_view value);

// Trims optional whitespace (SP, HTAB) around a header value.
std::string_view TrimHeaderValue(std::string_view value);

}  // namespace lineage
