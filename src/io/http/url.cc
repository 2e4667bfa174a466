#include "io/http/url.h"

#include <cctype>

#include "io/http/headers.h"

namespace lineage {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool HostOk(std::string_view h) {
  if (h.empty() || h.size() > 253) return false;
  if (h.front() == '[') {
    if (h.size() < 3 || h.back() != ']') return false;
    for (char c : h.substr(1, h.size() - 2)) {
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
    }
    return true;
  }
  for (char c : h) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return false;
  }
  return true;
}

// Characters allowed in a path and query as received (already encoded), no control bytes, no
// spaces, no backslash (which some parsers treat as '/').
bool PathOk(std::string_view p) {
  if (p.empty() || p.front() != '/' || p.size() > 8192) return false;
  for (char c : p) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '\\' || c == '#') return false;
  }
  const std::string_view path = p.substr(0, p.find('?'));
  if (path.find("/../") != std::string_view::npos || path.find("/./") != std::string_view::npos)
    return false;
  return !(path.ends_with("/..") || path.ends_with("/."));
}

std::optional<uint16_t> DefaultPort(const std::string& scheme) {
  if (scheme == "http") return 80;
  if (scheme == "https") return 443;
  return std::nullopt;
}

}  // namespace

std::string Url::ToString() const {
  std::string s = scheme + "://" + host;
  if (port != DefaultPort(scheme).value_or(0)) s += ":" + std::to_string(port);
  return s + path;
}

std::optional<Url> ParseUrl(std::string_view text) {
  const size_t colon = text.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  Url u;
  u.scheme = Lower(text.substr(0, colon));
  auto def = DefaultPort(u.scheme);
  if (!def) return std::nullopt;
  text.remove_prefix(colon + 3);
  text = text.substr(0, text.find('#'));
  const size_t slash = text.find_first_of("/?");
  std::string_view authority = text.substr(0, slash);
  std::string path = slash == std::string_view::npos ? "/" : std::string(text.substr(slash));
  if (!path.empty() && path.front() == '?') path = "/" + path;
  if (authority.find('@') != std::string_view::npos) return std::nullopt;
  u.port = *def;
  const size_t bracket = authority.rfind(']');
  const size_t pc = authority.rfind(':');
  if (pc != std::string_view::npos && (bracket == std::string_view::npos || pc > bracket)) {
    auto port = ParseDecimal(authority.substr(pc + 1));
    if (!port || *port == 0 || *port > 65535) return std::nullopt;
    u.port = static_cast<uint16_t>(*port);
    authority = authority.substr(0, pc);
  }
  if (!HostOk(authority) || !PathOk(path)) return std::nullopt;
  u.host = Lower(authority);
  u.path = std::move(path);
  return u;
}

std::optional<Url> ResolveLocation(const Url& base, std::string_view loc) {
  loc = TrimHeaderValue(loc);
  if (loc.empty()) return std::nullopt;
  // A scheme before any '/', '?' or '#' makes it absolute (RFC 3986 4.3): "javascript:x" too.
  const size_t colon = loc.find(':');
  if (colon != std::string_view::npos && colon < loc.find_first_of("/?#")) return ParseUrl(loc);
  if (loc.starts_with("//")) return ParseUrl(base.scheme + ":" + std::string(loc));
  Url out = base;
  loc = loc.substr(0, loc.find('#'));
  if (loc.starts_with("/")) {
    out.path = std::string(loc);
  } else if (loc.starts_with("?")) {
    out.path = base.path.substr(0, base.path.find('?')) + std::string(loc);
  } else {
    const std::string dir =
        base.path.substr(0, base.path.substr(0, base.path.find('?')).rfind('/') + 1);
    out.path = dir + std::string(loc);
  }
  if (out.path.starts_with("./") || !PathOk(out.path)) return std::nullopt;
  return out;
}

bool SameOrigin(const Url& a, const Url& b) {
  return a.scheme == b.scheme && a.host == b.host && a.port == b.port;
}

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost" || host == "[::1]") return true;
  if (!host.starts_with("127.")) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return dots == 3;
}

std::string EncodeUrlPath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '.' || c == '_' || c == '~' || c == '/' || c == '-') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace lineage
