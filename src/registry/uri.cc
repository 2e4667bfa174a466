#include "registry/uri.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace lineage {
namespace {

constexpr const char* kMask = "***";

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

// Where a URI's parts are: [password_begin, password_end) in the authority's user info (npos
// when none), and the query's start (npos when none).
struct UriParts {
  size_t password_begin = std::string::npos, password_end = std::string::npos;
  size_t query = std::string::npos;
};

UriParts Locate(const std::string& uri) {
  UriParts p;
  const size_t scheme_end = uri.find("://");
  if (scheme_end == std::string::npos) return p;
  const size_t auth_begin = scheme_end + 3;
  const size_t auth_end = std::min(uri.find_first_of("/?#", auth_begin), uri.size());
  const size_t at = uri.rfind('@', auth_end - 1);
  if (at != std::string::npos && at >= auth_begin) {
    const size_t colon = uri.find(':', auth_begin);
    if (colon != std::string::npos && colon < at) {
      p.password_begin = colon + 1;
      p.password_end = at;
    }
  }
  const size_t q = uri.find('?', auth_begin);
  if (q != std::string::npos) p.query = q + 1;
  return p;
}

// The [begin, end) ranges of every `password=` value in the query starting at `query`.
std::vector<std::pair<size_t, size_t>> QueryPasswords(const std::string& uri, size_t query) {
  std::vector<std::pair<size_t, size_t>> out;
  if (query == std::string::npos) return out;
  const size_t end = std::min(uri.find('#', query), uri.size());
  size_t i = query;
  while (i < end) {
    size_t amp = std::min(uri.find('&', i), end);
    const size_t eq = uri.find('=', i);
    if (eq != std::string::npos && eq < amp && Lower(uri.substr(i, eq - i)) == "password")
      out.emplace_back(eq + 1, amp);
    i = amp + 1;
  }
  return out;
}

}  // namespace

bool IsPostgresUri(const std::string& location) {
  const std::string l = Lower(location.substr(0, 13));
  return l.starts_with("postgresql://") || l.starts_with("postgres://");
}

std::string MaskUriPassword(const std::string& uri) {
  const UriParts p = Locate(uri);
  std::vector<std::pair<size_t, size_t>> ranges = QueryPasswords(uri, p.query);
  if (p.password_begin != std::string::npos) ranges.emplace_back(p.password_begin, p.password_end);
  // Replace from the back so earlier offsets stay valid.
  std::sort(ranges.begin(), ranges.end());
  std::string out = uri;
  for (auto it = ranges.rbegin(); it != ranges.rend(); ++it)
    out.replace(it->first, it->second - it->first, kMask);
  return out;
}

std::string UriPassword(const std::string& uri) {
  const UriParts p = Locate(uri);
  if (p.password_begin != std::string::npos)
    return PercentDecode(uri.substr(p.password_begin, p.password_end - p.password_begin));
  for (const auto& [b, e] : QueryPasswords(uri, p.query))
    return PercentDecode(uri.substr(b, e - b));
  return "";
}

std::string ScrubSecret(std::string message, const std::string& secret) {
  if (secret.empty()) return message;
  for (size_t at = message.find(secret); at != std::string::npos;
       at = message.find(secret, at + std::char_traits<char>::length(kMask))) {
    message.replace(at, secret.size(), kMask);
  }
  return message;
}

std::string ScrubUriPassword(std::string message, const std::string& uri) {
  const UriParts p = Locate(uri);
  if (p.password_begin != std::string::npos)
    message = ScrubSecret(message, uri.substr(p.password_begin, p.password_end - p.password_begin));
  for (const auto& [b, e] : QueryPasswords(uri, p.query))
    message = ScrubSecret(message, uri.substr(b, e - b));
  return ScrubSecret(message, UriPassword(uri));
}

}  // namespace lineage
