#include "registry/registry.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>

#include "fingerprint/codec.h"
#include "weights/hash/sha256.h"

namespace lineage {
namespace {

// Migration n brings the schema from version n - 1 to n; applied in order, each in the
// transaction that records it in schema_migrations.
constexpr const char* kMigrations[] = {
    // 1: models and the registry's settings.
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE models ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  identity TEXT NOT NULL UNIQUE,"
    "  reference TEXT NOT NULL, repo TEXT NOT NULL, revision TEXT NOT NULL,"
    "  fingerprint_version INTEGER NOT NULL, projection_seed TEXT NOT NULL,"
    "  added_at TEXT NOT NULL, summary BLOB NOT NULL, fingerprint BLOB NOT NULL);"
    "CREATE INDEX models_reference ON models(reference);",
};
static_assert(std::size(kMigrations) == kRegistrySchemaVersion);

// A prepared statement that finalizes itself.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  int rc() const { return rc_; }
  sqlite3_stmt* get() { return s_; }
  void Text(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void Blob(int i, const std::vector<uint8_t>& v) {
    sqlite3_bind_blob64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT);
  }
  std::string ColText(int i) {
    const unsigned char* t = sqlite3_column_text(s_, i);
    return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
  }
  std::vector<uint8_t> ColBlob(int i) {
    const auto* b = static_cast<const uint8_t*>(sqlite3_column_blob(s_, i));
    return b ? std::vector<uint8_t>(b, b + sqlite3_column_bytes(s_, i)) : std::vector<uint8_t>();
  }

 private:
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_OK;
};

Status SqlError(const std::string& path, sqlite3* db, int rc, const std::string& doing) {
  const int base = rc & 0xff;
  if (base == SQLITE_BUSY || base == SQLITE_LOCKED) {
    return Status(
        Status::Code::kIoError,
        fmt::format("{}: the registry is locked by another process ({}); try again", path, doing));
  }
  if (base == SQLITE_NOTADB || base == SQLITE_CORRUPT) {
    return Corrupt(path, fmt::format("not a lineage registry (corrupt or not SQLite): {}",
                                     sqlite3_errstr(rc)));
  }
  return Status(Status::Code::kIoError, fmt::format("{}: registry {}: {}", path, doing,
                                                    db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

std::string NowUtc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

std::string FingerprintIdentity(const Fingerprint& fp) {
  const FingerprintProvenance& p = fp.provenance;
  if (!p.repo.empty() && !p.revision.empty())
    return fmt::format("v{}:hub:{}@{}", fp.version, p.repo, p.revision);
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

Result<std::unique_ptr<Registry>> Registry::Open(const std::string& path,
                                                 const RegistryOptions& options) {
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<Registry> r(new Registry(path, db));
  if (rc != SQLITE_OK) return SqlError(path, db, rc, "open");
  r->busy_timeout_ms_ = options.busy_timeout_ms;
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  // WAL lets readers run beside one writer; the mode is persistent, set once per file.
  const int wal = sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
  if (wal != SQLITE_OK) return SqlError(path, db, wal, "set WAL mode");
  LINEAGE_RETURN_IF_ERROR(r->Migrate());
  LINEAGE_RETURN_IF_ERROR(r->ReadSeed(options.projection_seed));
  return r;
}

Registry::~Registry() { sqlite3_close_v2(db_); }

Status Registry::Migrate() {
  int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqlError(path_, db_, rc, "begin");
  auto fail = [&](int code, const std::string& doing) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return SqlError(path_, db_, code, doing);
  };
  rc = sqlite3_exec(db_,
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                    " applied_at TEXT NOT NULL)",
                    nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return fail(rc, "create schema_migrations");
  Stmt q(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (q.rc() != SQLITE_OK) return fail(q.rc(), "read the schema version");
  rc = sqlite3_step(q.get());
  if (rc != SQLITE_ROW) return fail(rc, "read the schema version");
  const int have = sqlite3_column_int(q.get(), 0);
  if (have > kRegistrySchemaVersion) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return InvalidArgument(fmt::format(
        "{}: registry schema version {} is newer than this lineage's ({}): use a newer lineage",
        path_, have, kRegistrySchemaVersion));
  }
  for (int v = have + 1; v <= kRegistrySchemaVersion; ++v) {
    rc = sqlite3_exec(db_, kMigrations[v - 1], nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return fail(rc, fmt::format("migration {}", v));
    Stmt ins(db_, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
    sqlite3_bind_int(ins.get(), 1, v);
    ins.Text(2, NowUtc());
    rc = sqlite3_step(ins.get());
    if (rc != SQLITE_DONE) return fail(rc, fmt::format("record migration {}", v));
  }
  rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : fail(rc, "commit the migrations");
}

Status Registry::ReadSeed(uint64_t requested) {
  Stmt ins(db_, "INSERT OR IGNORE INTO settings (key, value) VALUES ('projection_seed', ?)");
  ins.Text(1, std::to_string(requested));
  int rc = sqlite3_step(ins.get());
  if (rc != SQLITE_DONE) return SqlError(path_, db_, rc, "store the projection seed");
  Stmt q(db_, "SELECT value FROM settings WHERE key = 'projection_seed'");
  rc = sqlite3_step(q.get());
  if (rc != SQLITE_ROW) return SqlError(path_, db_, rc, "read the projection seed");
  const std::string text = q.ColText(0);
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed_);
  if (ec != std::errc() || end != text.data() + text.size())
    return Corrupt(path_, "the stored projection seed '" + text + "' is not a number");
  return Status::Ok();
}

Result<RegistryAdd> Registry::Add(const Fingerprint& fp) {
  if (fp.projection_seed != seed_) {
    return InvalidArgument(fmt::format(
        "{}: the fingerprint of {} was made with projection seed {:#x}; this registry uses {:#x}",
        path_, fp.provenance.reference, fp.projection_seed, seed_));
  }
  const std::string identity = FingerprintIdentity(fp);
  Stmt ins(db_,
           "INSERT INTO models (identity, reference, repo, revision, fingerprint_version,"
           " projection_seed, added_at, summary, fingerprint) VALUES (?,?,?,?,?,?,?,?,?)"
           " ON CONFLICT(identity) DO NOTHING");
  ins.Text(1, identity);
  ins.Text(2, fp.provenance.reference);
  ins.Text(3, fp.provenance.repo);
  ins.Text(4, fp.provenance.revision);
  sqlite3_bind_int64(ins.get(), 5, fp.version);
  ins.Text(6, std::to_string(fp.projection_seed));
  ins.Text(7, NowUtc());
  ins.Blob(8, EncodeSummary(SummarizeFingerprint(fp)));
  ins.Blob(9, EncodeFingerprint(fp));
  // One statement is one (implicit) transaction; the busy timeout waits for other writers.
  int rc = sqlite3_step(ins.get());
  if (rc != SQLITE_DONE) return SqlError(path_, db_, rc, "add");
  RegistryAdd out;
  out.added = sqlite3_changes(db_) > 0;
  Stmt q(db_, "SELECT id FROM models WHERE identity = ?");
  q.Text(1, identity);
  rc = sqlite3_step(q.get());
  if (rc != SQLITE_ROW) return SqlError(path_, db_, rc, "read back an added model");
  out.id = sqlite3_column_int64(q.get(), 0);
  return out;
}

Result<std::vector<RegistryEntry>> Registry::List() {
  Stmt q(db_,
         "SELECT id, identity, reference, repo, revision, fingerprint_version,"
         " length(fingerprint), added_at FROM models ORDER BY id");
  if (q.rc() != SQLITE_OK) return SqlError(path_, db_, q.rc(), "list");
  std::vector<RegistryEntry> out;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    RegistryEntry e;
    e.id = sqlite3_column_int64(q.get(), 0);
    e.identity = q.ColText(1);
    e.reference = q.ColText(2);
    e.repo = q.ColText(3);
    e.revision = q.ColText(4);
    e.fingerprint_version = static_cast<uint32_t>(sqlite3_column_int64(q.get(), 5));
    e.bytes = static_cast<uint64_t>(sqlite3_column_int64(q.get(), 6));
    e.added_at = q.ColText(7);
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return SqlError(path_, db_, rc, "list");
  return out;
}

Result<int> Registry::Remove(const std::string& id_or_reference) {
  int64_t id = 0;
  const char* end = id_or_reference.data() + id_or_reference.size();
  const auto parsed = std::from_chars(id_or_reference.data(), end, id);
  const bool numeric = !id_or_reference.empty() && parsed.ec == std::errc() && parsed.ptr == end;
  Stmt del(db_,
           numeric ? "DELETE FROM models WHERE id = ?" : "DELETE FROM models WHERE reference = ?");
  if (numeric)
    sqlite3_bind_int64(del.get(), 1, id);
  else
    del.Text(1, id_or_reference);
  const int rc = sqlite3_step(del.get());
  if (rc != SQLITE_DONE) return SqlError(path_, db_, rc, "remove");
  return sqlite3_changes(db_);
}

Result<Fingerprint> Registry::Load(int64_t id) {
  Stmt q(db_, "SELECT fingerprint FROM models WHERE id = ?");
  sqlite3_bind_int64(q.get(), 1, id);
  const int rc = sqlite3_step(q.get());
  if (rc == SQLITE_DONE) return NotFound(fmt::format("{}: no model with id {}", path_, id));
  if (rc != SQLITE_ROW) return SqlError(path_, db_, rc, "load");
  return DecodeFingerprint(fmt::format("{} (model {})", path_, id), q.ColBlob(0), seed_);
}

Result<std::vector<std::pair<int64_t, ModelSummary>>> Registry::Summaries() {
  Stmt q(db_, "SELECT id, summary FROM models ORDER BY id");
  if (q.rc() != SQLITE_OK) return SqlError(path_, db_, q.rc(), "read summaries");
  std::vector<std::pair<int64_t, ModelSummary>> out;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    const int64_t id = sqlite3_column_int64(q.get(), 0);
    LINEAGE_ASSIGN_OR_RETURN(ModelSummary s,
                             DecodeSummary(fmt::format("{} (model {})", path_, id), q.ColBlob(1)));
    out.emplace_back(id, std::move(s));
  }
  if (rc != SQLITE_DONE) return SqlError(path_, db_, rc, "read summaries");
  return out;
}

Result<int64_t> Registry::Count() {
  Stmt q(db_, "SELECT COUNT(*) FROM models");
  const int rc = sqlite3_step(q.get());
  if (rc != SQLITE_ROW) return SqlError(path_, db_, rc, "count");
  return sqlite3_column_int64(q.get(), 0);
}

}  // namespace lineage
