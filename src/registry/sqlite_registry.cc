#include "registry/sqlite_registry.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "io/sqlite_statement.h"

namespace lineage {
namespace {

// Migration n brings the schema from version n - 1 to n; applied in order, each in the
// transaction that records it in schema_migrations. The PostgreSQL back end
// (registry/pg_registry.cc) holds the same migrations in its dialect.
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

using Stmt = SqliteStatement;

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

class SqliteRegistry final : public Registry {
 public:
  SqliteRegistry(const std::string& path, sqlite3* db) : Registry(path), db_(db) {}
  ~SqliteRegistry() override { sqlite3_close_v2(db_); }

  Status Init(const RegistryOptions& options);
  Result<std::vector<RegistryEntry>> List() override;
  Result<int64_t> Count() override;
  Result<bool> Contains(const std::string& identity) override;

 protected:
  Result<RegistryAdd> InsertRow(const RegistryRow& row) override;
  Result<int> DeleteRows(std::optional<int64_t> id, const std::string& reference) override;
  Result<std::optional<std::vector<uint8_t>>> FingerprintBytes(int64_t id) override;
  Result<std::vector<std::pair<int64_t, std::vector<uint8_t>>>> SummaryBytes() override;

 private:
  Status Error(int rc, const std::string& doing) { return SqlError(location(), db_, rc, doing); }
  Status SetWal(int timeout_ms);
  Status Migrate();
  Status ReadSeed(uint64_t requested);

  sqlite3* db_ = nullptr;
};

Status SqliteRegistry::Init(const RegistryOptions& options) {
  sqlite3_busy_timeout(db_, options.busy_timeout_ms);
  LINEAGE_RETURN_IF_ERROR(SetWal(options.busy_timeout_ms));
  LINEAGE_RETURN_IF_ERROR(Migrate());
  return ReadSeed(options.projection_seed);
}

// WAL lets readers run beside one writer; the mode is persistent, set once per file. Switching
// needs an exclusive lock, and SQLite answers SQLITE_BUSY for it without calling the busy
// handler: several processes opening a new registry at once failed about 1 time in 40 (the
// registry tests' ProcessesOpeningANewRegistryAtOnceMigrateItOnce). So the switch is retried,
// with backoff, for as long as the busy timeout allows.
Status SqliteRegistry::SetWal(int timeout_ms) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (int wait_ms = 1;; wait_ms = std::min(2 * wait_ms, 50)) {
    const int rc = sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    const bool busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
    if (rc == SQLITE_OK) return Status::Ok();
    if (!busy || Clock::now() >= deadline) return Error(rc, "set WAL mode");
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
  }
}

Status SqliteRegistry::Migrate() {
  int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "begin");
  auto fail = [&](int code, const std::string& doing) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return Error(code, doing);
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
        location(), have, kRegistrySchemaVersion));
  }
  for (int v = have + 1; v <= kRegistrySchemaVersion; ++v) {
    rc = sqlite3_exec(db_, kMigrations[v - 1], nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return fail(rc, fmt::format("migration {}", v));
    Stmt ins(db_, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
    sqlite3_bind_int(ins.get(), 1, v);
    ins.Text(2, RegistryNowUtc());
    rc = sqlite3_step(ins.get());
    if (rc != SQLITE_DONE) return fail(rc, fmt::format("record migration {}", v));
  }
  rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : fail(rc, "commit the migrations");
}

Status SqliteRegistry::ReadSeed(uint64_t requested) {
  Stmt ins(db_, "INSERT OR IGNORE INTO settings (key, value) VALUES ('projection_seed', ?)");
  ins.Text(1, std::to_string(requested));
  int rc = sqlite3_step(ins.get());
  if (rc != SQLITE_DONE) return Error(rc, "store the projection seed");
  Stmt q(db_, "SELECT value FROM settings WHERE key = 'projection_seed'");
  rc = sqlite3_step(q.get());
  if (rc != SQLITE_ROW) return Error(rc, "read the projection seed");
  return ParseStoredSeed(q.ColText(0));
}

Result<RegistryAdd> SqliteRegistry::InsertRow(const RegistryRow& row) {
  Stmt ins(db_,
           "INSERT INTO models (identity, reference, repo, revision, fingerprint_version,"
           " projection_seed, added_at, summary, fingerprint) VALUES (?,?,?,?,?,?,?,?,?)"
           " ON CONFLICT(identity) DO NOTHING");
  ins.Text(1, row.identity);
  ins.Text(2, row.reference);
  ins.Text(3, row.repo);
  ins.Text(4, row.revision);
  sqlite3_bind_int64(ins.get(), 5, row.fingerprint_version);
  ins.Text(6, std::to_string(row.projection_seed));
  ins.Text(7, row.added_at);
  ins.Blob(8, row.summary);
  ins.Blob(9, row.fingerprint);
  // One statement is one (implicit) transaction; the busy timeout waits for other writers.
  int rc = sqlite3_step(ins.get());
  if (rc != SQLITE_DONE) return Error(rc, "add");
  RegistryAdd out;
  out.added = sqlite3_changes(db_) > 0;
  Stmt q(db_, "SELECT id FROM models WHERE identity = ?");
  q.Text(1, row.identity);
  rc = sqlite3_step(q.get());
  if (rc != SQLITE_ROW) return Error(rc, "read back an added model");
  out.id = sqlite3_column_int64(q.get(), 0);
  return out;
}

Result<std::vector<RegistryEntry>> SqliteRegistry::List() {
  Stmt q(db_,
         "SELECT id, identity, reference, repo, revision, fingerprint_version,"
         " length(fingerprint), added_at FROM models ORDER BY id");
  if (q.rc() != SQLITE_OK) return Error(q.rc(), "list");
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
  if (rc != SQLITE_DONE) return Error(rc, "list");
  return out;
}

Result<int> SqliteRegistry::DeleteRows(std::optional<int64_t> id, const std::string& reference) {
  Stmt del(db_, id ? "DELETE FROM models WHERE id = ?" : "DELETE FROM models WHERE reference = ?");
  if (id)
    sqlite3_bind_int64(del.get(), 1, *id);
  else
    del.Text(1, reference);
  const int rc = sqlite3_step(del.get());
  if (rc != SQLITE_DONE) return Error(rc, "remove");
  return sqlite3_changes(db_);
}

// Incremental blob I/O reads the stored bytes straight into the result: a SELECT would first
// assemble the blob's overflow pages in a buffer of its own and then be copied (a fingerprint of
// a 7B model is 16 MB, and a search loads K of them).
Result<std::optional<std::vector<uint8_t>>> SqliteRegistry::FingerprintBytes(int64_t id) {
  sqlite3_blob* blob = nullptr;
  int rc = sqlite3_blob_open(db_, "main", "models", "fingerprint", id, 0, &blob);
  if (rc != SQLITE_OK) {
    // A missing row is SQLITE_ERROR with "no such rowid"; anything else is a real failure.
    const bool missing =
        rc == SQLITE_ERROR && std::string(sqlite3_errmsg(db_)).starts_with("no such rowid");
    Status failed = missing ? Status::Ok() : Error(rc, "load");
    sqlite3_blob_close(blob);
    if (missing) return std::optional<std::vector<uint8_t>>();
    return failed;
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(sqlite3_blob_bytes(blob)));
  rc = bytes.empty() ? SQLITE_OK
                     : sqlite3_blob_read(blob, bytes.data(), static_cast<int>(bytes.size()), 0);
  Status failed = rc == SQLITE_OK ? Status::Ok() : Error(rc, "load");
  sqlite3_blob_close(blob);
  if (!failed.ok()) return failed;
  return std::optional<std::vector<uint8_t>>(std::move(bytes));
}

Result<std::vector<std::pair<int64_t, std::vector<uint8_t>>>> SqliteRegistry::SummaryBytes() {
  Stmt q(db_, "SELECT id, summary FROM models ORDER BY id");
  if (q.rc() != SQLITE_OK) return Error(q.rc(), "read summaries");
  std::vector<std::pair<int64_t, std::vector<uint8_t>>> out;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW)
    out.emplace_back(sqlite3_column_int64(q.get(), 0), q.ColBlob(1));
  if (rc != SQLITE_DONE) return Error(rc, "read summaries");
  return out;
}

Result<int64_t> SqliteRegistry::Count() {
  Stmt q(db_, "SELECT COUNT(*) FROM models");
  const int rc = sqlite3_step(q.get());
  if (rc != SQLITE_ROW) return Error(rc, "count");
  return sqlite3_column_int64(q.get(), 0);
}

Result<bool> SqliteRegistry::Contains(const std::string& identity) {
  Stmt q(db_, "SELECT 1 FROM models WHERE identity = ?");
  q.Text(1, identity);
  const int rc = sqlite3_step(q.get());
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error(rc, "look up a model");
  return rc == SQLITE_ROW;
}

}  // namespace

Result<std::unique_ptr<Registry>> OpenSqliteRegistry(const std::string& path,
                                                     const RegistryOptions& options) {
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  auto r = std::make_unique<SqliteRegistry>(path, db);
  if (rc != SQLITE_OK) return SqlError(path, db, rc, "open");
  LINEAGE_RETURN_IF_ERROR(r->Init(options));
  return std::unique_ptr<Registry>(std::move(r));
}

}  // namespace lineage
