#include "io/cache/range_meta.h"

#include <array>

#include "io/http/headers.h"
#include "io/hub/repo_names.h"

namespace lineage {

std::string FormatRangeMeta(const RangeMeta& m) {
  return "lineage-range-cache 1\nrepo " + m.repo + "\ncommit " + m.commit + "\nfile " + m.file +
         "\nsize " + std::to_string(m.size) + "\netag " + m.etag + "\nchunk " +
         std::to_string(m.chunk_size) + "\n";
}

Result<RangeMeta> ParseRangeMeta(std::string_view text, const std::string& name) {
  const std::string_view whole = text;
  if (text.size() > 4096) return Corrupt(name, "range-cache meta larger than 4096 bytes");
  static constexpr std::array<std::string_view, 7> kKeys = {
      "lineage-range-cache", "repo", "commit", "file", "size", "etag", "chunk"};
  std::array<std::string_view, 7> values;
  for (size_t i = 0; i < kKeys.size(); ++i) {
    const size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return Corrupt(name, "truncated range-cache meta");
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    if (line.size() < kKeys[i].size() + 1 || line.substr(0, kKeys[i].size()) != kKeys[i] ||
        line[kKeys[i].size()] != ' ') {
      return Corrupt(
          name, "line " + std::to_string(i + 1) + ": expected '" + std::string(kKeys[i]) + " '");
    }
    values[i] = line.substr(kKeys[i].size() + 1);
  }
  if (!text.empty()) return Corrupt(name, "trailing bytes after the range-cache meta");
  if (values[0] != "1") return Corrupt(name, "unknown range-cache meta version");
  RangeMeta m;
  m.repo = std::string(values[1]);
  m.commit = std::string(values[2]);
  m.file = std::string(values[3]);
  auto size = ParseDecimal(values[4]);
  m.etag = std::string(values[5]);
  auto chunk = ParseDecimal(values[6]);
  if (!IsValidRepoId(m.repo) || !IsCommitSha(m.commit) || !IsValidRepoFilePath(m.file))
    return Corrupt(name, "invalid repository, commit or file name");
  if (!size) return Corrupt(name, "size is not a byte count");
  if (!m.etag.empty() && ParseEtag(m.etag).value_or("") != m.etag)
    return Corrupt(name, "invalid etag");
  if (!chunk || *chunk < 4096 || *chunk > (uint64_t{256} << 20) || (*chunk & (*chunk - 1)) != 0)
    return Corrupt(name, "chunk size is not a power of two in [4 KiB, 256 MiB]");
  m.size = *size;
  m.chunk_size = *chunk;
  // Exactly what FormatRangeMeta writes (no leading zeros): one meta, one spelling.
  if (FormatRangeMeta(m) != whole) return Corrupt(name, "range-cache meta not in canonical form");
  return m;
}

}  // namespace lineage
