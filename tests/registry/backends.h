// The registry back ends the same test suite runs against (registry/registry.h): SQLite in a temp
// file, and PostgreSQL on the server that tests/registry/pg_harness.py starts (initdb, pg_ctl) and
// names in $LINEAGE_TEST_PG (postgresql://user:password@127.0.0.1:PORT, no database). Without that
// variable the PostgreSQL instances skip; the ctest `registry.postgresql` always sets it, and fails
// in CI when PostgreSQL is missing (the harness says why).
#pragma once

#include <gtest/gtest.h>

#include <string>

namespace lineage::testing {

enum class RegistryBackend { kSqlite, kPostgres };

// "Sqlite" or "Postgres" (the parameterised tests' name suffix).
std::string BackendName(const ::testing::TestParamInfo<RegistryBackend>& info);

// The server's URI without a database, or empty when $LINEAGE_TEST_PG is not set.
std::string PostgresTestServer();

// A new, empty registry location: a fresh SQLite path, or a fresh database on the test server
// (created now, named after `tag`). Empty (and a test failure) when it cannot be made.
std::string FreshRegistryLocation(RegistryBackend backend, const std::string& tag);

// Runs `sql` on the registry at `location` directly, past lineage (to plant a schema from the
// future or a tampered seed). Fails the test on an error.
void ExecRawSql(RegistryBackend backend, const std::string& location, const std::string& sql);

// A suite parameterised by back end: PostgreSQL instances skip when no server is configured.
class RegistryBackendTest : public ::testing::TestWithParam<RegistryBackend> {
 protected:
  void SetUp() override;
  std::string Fresh(const std::string& tag) { return FreshRegistryLocation(GetParam(), tag); }
  void Exec(const std::string& location, const std::string& sql) {
    ExecRawSql(GetParam(), location, sql);
  }
};

}  // namespace lineage::testing
