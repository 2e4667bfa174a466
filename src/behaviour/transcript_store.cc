#include "behaviour/transcript_store.h"

#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "io/sqlite_statement.h"

namespace lineage {
namespace {

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS transcripts ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, label TEXT NOT NULL,"
    "  server TEXT NOT NULL, status INTEGER NOT NULL, response TEXT NOT NULL,"
    "  elapsed_ms REAL NOT NULL, stored_at TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS transcripts_key ON transcripts(key);"
    "CREATE TABLE IF NOT EXISTS lineage_transcripts (version INTEGER NOT NULL);";

using Stmt = SqliteStatement;

Status SqlError(const std::string& path, sqlite3* db, const std::string& doing) {
  const int rc = sqlite3_errcode(db);
  if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT) {
    return Corrupt(path, "not a transcript store (corrupt or not SQLite)");
  }
  return IoError(path + ": transcript store: " + doing + ": " + sqlite3_errmsg(db));
}

std::string NowIso() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

TranscriptRecord ReadRow(Stmt& s) {
  TranscriptRecord r;
  r.key = s.ColText(0);
  r.label = s.ColText(1);
  r.server = s.ColText(2);
  r.status = static_cast<long>(sqlite3_column_int64(s.get(), 3));
  r.response = s.ColText(4);
  r.elapsed_ms = sqlite3_column_double(s.get(), 5);
  r.stored_at = s.ColText(6);
  return r;
}

}  // namespace

Result<std::unique_ptr<TranscriptStore>> TranscriptStore::Open(const std::string& path,
                                                               bool read_only) {
  if (path.empty()) return InvalidArgument("no transcript store path (set --transcripts FILE)");
  if (read_only && !std::filesystem::exists(path)) {
    return NotFound(path + ": no transcript store to replay from");
  }
  if (!read_only) {
    std::error_code ec;
    const auto dir = std::filesystem::path(path).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  }
  sqlite3* db = nullptr;
  const int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Status st = IoError(path + ": cannot open the transcript store: " +
                        (db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close(db);
    return st;
  }
  std::unique_ptr<TranscriptStore> store(new TranscriptStore(path, db));
  sqlite3_busy_timeout(db, 5000);
  if (!read_only && sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqlError(path, db, "creating the tables");
  }
  Stmt probe(db, "SELECT count(*) FROM transcripts");
  if (probe.rc() != SQLITE_OK) return SqlError(path, db, "reading");
  return store;
}

TranscriptStore::~TranscriptStore() { sqlite3_close(db_); }

Status TranscriptStore::Put(const TranscriptRecord& r) {
  Stmt s(db_,
         "INSERT INTO transcripts (key, label, server, status, response, elapsed_ms, stored_at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (s.rc() != SQLITE_OK) return SqlError(path_, db_, "preparing an insert");
  s.Text(1, r.key);
  s.Text(2, r.label);
  s.Text(3, r.server);
  sqlite3_bind_int64(s.get(), 4, r.status);
  s.Text(5, r.response);
  sqlite3_bind_double(s.get(), 6, r.elapsed_ms);
  s.Text(7, r.stored_at.empty() ? NowIso() : r.stored_at);
  if (sqlite3_step(s.get()) != SQLITE_DONE) return SqlError(path_, db_, "storing an answer");
  return Status::Ok();
}

Result<std::optional<TranscriptRecord>> TranscriptStore::Get(const std::string& key) {
  Stmt s(db_,
         "SELECT key, label, server, status, response, elapsed_ms, stored_at FROM transcripts "
         "WHERE key = ? ORDER BY seq LIMIT 1");
  if (s.rc() != SQLITE_OK) return SqlError(path_, db_, "preparing a lookup");
  s.Text(1, key);
  const int rc = sqlite3_step(s.get());
  if (rc == SQLITE_DONE) return std::optional<TranscriptRecord>();
  if (rc != SQLITE_ROW) return SqlError(path_, db_, "looking up an answer");
  return std::optional<TranscriptRecord>(ReadRow(s));
}

Result<int> TranscriptStore::Count(const std::string& key) {
  Stmt s(db_, "SELECT count(*) FROM transcripts WHERE key = ?");
  if (s.rc() != SQLITE_OK) return SqlError(path_, db_, "preparing a count");
  s.Text(1, key);
  if (sqlite3_step(s.get()) != SQLITE_ROW) return SqlError(path_, db_, "counting");
  return static_cast<int>(sqlite3_column_int64(s.get(), 0));
}

Status TranscriptStore::ExportJsonl(std::ostream& out) {
  Stmt s(db_,
         "SELECT key, label, server, status, response, elapsed_ms, stored_at FROM transcripts "
         "ORDER BY seq");
  if (s.rc() != SQLITE_OK) return SqlError(path_, db_, "preparing the export");
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
    TranscriptRecord r = ReadRow(s);
    const size_t sp = r.key.find(' '), nl = r.key.find('\n');
    nlohmann::json j = {{"method", r.key.substr(0, sp)},
                        {"url", r.key.substr(sp + 1, nl - sp - 1)},
                        {"request", nl == std::string::npos ? "" : r.key.substr(nl + 1)},
                        {"label", r.label},
                        {"server", r.server},
                        {"status", r.status},
                        {"response", r.response},
                        {"elapsed_ms", r.elapsed_ms},
                        {"stored_at", r.stored_at}};
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  if (rc != SQLITE_DONE) return SqlError(path_, db_, "exporting");
  return Status::Ok();
}

std::string DefaultTranscriptPath(const std::function<const char*(const char*)>& getenv) {
  const char* xdg = getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && *xdg != '\0') return std::string(xdg) + "/lineage/transcripts.sqlite";
  const char* home = getenv("HOME");
  if (home != nullptr && *home != '\0')
    return std::string(home) + "/.cache/lineage/transcripts.sqlite";
  return "";
}

}  // namespace lineage
