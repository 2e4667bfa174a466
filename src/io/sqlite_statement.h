// SqliteStatement: one prepared SQLite statement that finalises itself, with the binders and
// column readers lineage's two SQLite stores use (the fingerprint registry, the transcript store).
//
// Contract:
//   - Borrows `db`, which must outlive the statement. rc() is the prepare's result: anything but
//     SQLITE_OK means get() is null and the caller reports the error (the stores name their file).
//   - Text and blobs are bound as copies (SQLITE_TRANSIENT), so arguments may be temporaries.
//   - ColText keeps embedded NUL bytes (it reads sqlite3_column_bytes, not up to the first NUL).
//   - Not thread-safe: one statement per thread, like the connection it belongs to.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lineage {

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, const char* sql) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr);
  }
  ~SqliteStatement() { sqlite3_finalize(s_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

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
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<size_t>(sqlite3_column_bytes(s_, i)))
             : std::string();
  }
  std::vector<uint8_t> ColBlob(int i) {
    const auto* b = static_cast<const uint8_t*>(sqlite3_column_blob(s_, i));
    return b ? std::vector<uint8_t>(b, b + sqlite3_column_bytes(s_, i)) : std::vector<uint8_t>();
  }

 private:
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_OK;
};

}  // namespace lineage
