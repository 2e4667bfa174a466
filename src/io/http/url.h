// URLs as the hub client needs them: parsing an absolute http(s) URL, resolving a redirect's
// Location against the URL that answered it, and the rule for where the token may go.
//
// Contract: pure functions, thread-safe. Hostile input (a Location header) yields nullopt, never a
// URL with a different host than written. Only http and https are accepted; userinfo ("user@")
// is refused because it hides the real host from a reader of a log line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lineage {

struct Url {
  std::string scheme;            // "http" or "https", lowercased
  std::string host;              // lowercased; an IPv6 literal keeps its brackets
  uint16_t port = 0;             // explicit or the scheme's default (80 / 443)
  std::string path;              // starts with '/', includes the query; no fragment
  std::string ToString() const;  // scheme://host[:port]path, default port omitted
};

std::optional<Url> ParseUrl(std::string_view text);

// A redirect target: an absolute URL, a scheme-relative "//host/path", an absolute path or a
// relative path, resolved against `base` (RFC 3986 5.2, without dot-segment tricks: a path that
// contains "/../" or "/./" is refused rather than normalised).
std::optional<Url> ResolveLocation(const Url& base, std::string_view location);

// Same scheme, host and port: the only case in which the Authorization header is sent.
bool SameOrigin(const Url& a, const Url& b);

// localhost, 127.0.0.0/8 and [::1]: plain http to these does not leave the machine.
bool IsLoopbackHost(const std::string& host);

// Percent-encodes one repository path for a URL: keeps [A-Za-z0-9._~/-], encodes the rest.
std::string EncodeUrlPath(std::string_view path);

}  // namespace lineage
