#include "io/hub/repo_names.h"

#include <cctype>

namespace lineage {
namespace {

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

bool IsRepoComponent(std::string_view c) {
  if (c.empty() || c.size() > 96 || c == "." || c == "..") return false;
  if (c.front() == '.' || c.front() == '-' || c.back() == '.' || c.back() == '-') return false;
  for (char ch : c) {
    if (!IsNameChar(ch)) return false;
  }
  return c.find("..") == std::string_view::npos;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool IsValidRepoId(std::string_view repo) {
  const size_t slash = repo.find('/');
  if (slash == std::string_view::npos) return false;
  return IsRepoComponent(repo.substr(0, slash)) && IsRepoComponent(repo.substr(slash + 1));
}

bool IsValidRevision(std::string_view rev) {
  if (rev.empty() || rev.size() > 255 || rev.front() == '/' || rev.back() == '/') return false;
  if (rev.find("..") != std::string_view::npos || rev.find("//") != std::string_view::npos)
    return false;
  for (char c : rev) {
    if (!IsNameChar(c) && c != '/') return false;
  }
  return rev.front() != '.' && rev.front() != '-';
}

bool IsCommitSha(std::string_view s) {
  if (s.size() != 40) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool IsValidRepoFilePath(std::string_view path) {
  if (path.empty() || path.size() > 1024) return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view comp = path.substr(start, end - start);
    if (comp.empty() || comp.size() > 255 || comp == "." || comp == "..") return false;
    for (char c : comp) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7f || c == '\\') return false;
    }
    start = end + 1;
  }
  return true;
}

std::string RepoFolderName(std::string_view repo) {
  std::string out = "models--";
  for (char c : repo) {
    if (c == '/') {
      out += "--";
    } else {
      out += c;
    }
  }
  return out;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return "";
    const int hi = HexValue(s[i + 1]);
    const int lo = HexValue(s[i + 2]);
    if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return "";
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace lineage
