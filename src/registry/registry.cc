#include "registry/registry.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "fingerprint/codec.h"
#include "registry/pg_registry.h"
#include "registry/sqlite_registry.h"
#include "registry/uri.h"
#include "weights/hash/sha256.h"

namespace lineage {

std::string HubIdentity(uint32_t fingerprint_version, const std::string& repo,
                        const std::string& revision) {
  return fmt::format("v{}:hub:{}@{}", fingerprint_version, repo, revision);
}

std::string FingerprintIdentity(const Fingerprint& fp) {
  const FingerprintProvenance& p = fp.provenance;
  if (!p.repo.empty() && !p.revision.empty()) return HubIdentity(fp.version, p.repo, p.revision);
  std::vector<std::string> files;
  for (const FingerprintFile& f : p.files) files.push_back(f.sha256);
  std::sort(files.begin(), files.end());
  Sha256 h;
  for (const std::string& f : files) h.Update(f.data(), f.size());
  // Without file digests the tensor digests stand for the files.
  if (files.empty()) {
    for (const TensorDigest& t : fp.tensors) h.Update(t.sha256.data(), t.sha256.size());
  }
  return fmt::format("v{}:files:{}", fp.version, h.HexDigest());
}

std::string DefaultRegistryPath() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  const std::string base =
      xdg && *xdg ? std::string(xdg) : std::string(home ? home : ".") + "/.local/share";
  return base + "/lineage/registry.sqlite";
}

std::string RegistryNowUtc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<std::unique_ptr<Registry>> Registry::Open(const std::string& location,
                                                 const RegistryOptions& options) {
  if (location.empty()) return OpenSqliteRegistry(DefaultRegistryPath(), options);
  if (IsPostgresUri(location)) return OpenPostgresRegistry(location, options);
  return OpenSqliteRegistry(location, options);
}

Status Registry::ParseStoredSeed(const std::string& text) {
  uint64_t seed = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (ec != std::errc() || end != text.data() + text.size())
    return Corrupt(location_, "the stored projection seed '" + text + "' is not a number");
  seed_ = seed;
  return Status::Ok();
}

Result<RegistryAdd> Registry::Add(const Fingerprint& fp) {
  if (fp.projection_seed != seed_) {
    return InvalidArgument(fmt::format(
        "{}: the fingerprint of {} was made with projection seed {:#x}; this registry uses {:#x}",
        location_, fp.provenance.reference, fp.projection_seed, seed_));
  }
  RegistryRow row;
  row.identity = FingerprintIdentity(fp);
  row.reference = fp.provenance.reference;
  row.repo = fp.provenance.repo;
  row.revision = fp.provenance.revision;
  row.fingerprint_version = fp.version;
  row.projection_seed = fp.projection_seed;
  row.added_at = RegistryNowUtc();
  row.summary = EncodeSummary(SummarizeFingerprint(fp));
  row.fingerprint = EncodeFingerprint(fp);
  return InsertRow(row);
}

Result<int> Registry::Remove(const std::string& id_or_reference) {
  int64_t id = 0;
  const char* end = id_or_reference.data() + id_or_reference.size();
  const auto parsed = std::from_chars(id_or_reference.data(), end, id);
  const bool numeric = !id_or_reference.empty() && parsed.ec == std::errc() && parsed.ptr == end;
  return DeleteRows(numeric ? std::optional<int64_t>(id) : std::nullopt, id_or_reference);
}

Result<Fingerprint> Registry::Load(int64_t id) {
  LINEAGE_ASSIGN_OR_RETURN(std::optional<std::vector<uint8_t>> bytes, FingerprintBytes(id));
  if (!bytes) return NotFound(fmt::format("{}: no model with id {}", location_, id));
  return DecodeFingerprint(fmt::format("{} (model {})", location_, id), *bytes, seed_);
}

Result<std::vector<std::pair<int64_t, ModelSummary>>> Registry::Summaries() {
  LINEAGE_ASSIGN_OR_RETURN(auto rows, SummaryBytes());
  std::vector<std::pair<int64_t, ModelSummary>> out;
  out.reserve(rows.size());
  for (const auto& [id, bytes] : rows) {
    LINEAGE_ASSIGN_OR_RETURN(ModelSummary s,
                             DecodeSummary(fmt::format("{} (model {})", location_, id), bytes));
    out.emplace_back(id, std::move(s));
  }
  return out;
}

}  // namespace lineage
