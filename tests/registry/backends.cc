#include "registry/backends.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>

#include "test_util.h"

namespace lineage::testing {

std::string BackendName(const ::testing::TestParamInfo<RegistryBackend>& info) {
  return info.param == RegistryBackend::kSqlite ? "Sqlite" : "Postgres";
}

std::string PostgresTestServer() {
  const char* uri = std::getenv("LINEAGE_TEST_PG");
  return uri ? std::string(uri) : std::string();
}

namespace {

// Runs one statement on a PostgreSQL connection string; the error text (the test server's
// throwaway password never appears in libpq's messages) on failure.
std::string PgExec(const std::string& conninfo, const std::string& sql) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  std::string error;
  if (PQstatus(c) != CONNECTION_OK) {
    error = PQerrorMessage(c);
  } else {
    PQsetNoticeProcessor(
        c, [](void*, const char*) {}, nullptr);
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
      error = PQresultErrorMessage(r);
    PQclear(r);
  }
  PQfinish(c);
  return error;
}

std::string DatabaseName(const std::string& tag) {
  static std::atomic<int> counter{0};
  std::string name = "t_";
  for (char c : tag.substr(0, 32))
    name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? std::tolower(c) : '_');
  return name + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
}

}  // namespace

std::string FreshRegistryLocation(RegistryBackend backend, const std::string& tag) {
  if (backend == RegistryBackend::kSqlite) return TempDir(tag) + "/r.sqlite";
  const std::string server = PostgresTestServer();
  const std::string db = DatabaseName(tag);
  const std::string error = PgExec(server + "/postgres", "CREATE DATABASE " + db);
  EXPECT_EQ(error, "") << "cannot create the test database " << db;
  return error.empty() ? server + "/" + db : std::string();
}

void ExecRawSql(RegistryBackend backend, const std::string& location, const std::string& sql) {
  if (backend == RegistryBackend::kPostgres) {
    EXPECT_EQ(PgExec(location, sql), "") << sql;
    return;
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(location.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sql << ": " << sqlite3_errmsg(db);
  sqlite3_close(db);
}

void RegistryBackendTest::SetUp() {
  if (GetParam() == RegistryBackend::kPostgres && PostgresTestServer().empty())
    GTEST_SKIP() << "LINEAGE_TEST_PG is not set: ctest's registry.postgresql runs these";
}

}  // namespace lineage::testing
