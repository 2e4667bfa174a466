// The registry (registry/registry.h) on both back ends, one suite: idempotent adds, the
// registry's projection seed, migrations and a schema from the future, a tampered seed, several
// processes opening and adding at once with none lost. Then what only one back end has: a corrupt
// or locked SQLite file; a PostgreSQL password refused or a server unreachable (errors name the
// URI with its password masked and never hold the password).
#include "registry/registry.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "fingerprint/fixtures.h"
#include "registry/backends.h"
#include "registry/uri.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::ExampleFingerprint;
using testing::RegistryBackend;

std::unique_ptr<Registry> OpenOrFail(const std::string& location, RegistryOptions o = {}) {
  Result<std::unique_ptr<Registry>> r = Registry::Open(location, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : nullptr;
}

class RegistryTest : public testing::RegistryBackendTest {};

TEST_P(RegistryTest, AddIsIdempotentAndListRemoveCount) {
  auto reg = OpenOrFail(Fresh("reg-add"));
  ASSERT_NE(reg, nullptr);
  Result<RegistryAdd> a = reg->Add(ExampleFingerprint("base"));
  Result<RegistryAdd> b = reg->Add(ExampleFingerprint("ft-sft"));
  Result<RegistryAdd> again = reg->Add(ExampleFingerprint("base"));
  ASSERT_TRUE(a.ok() && b.ok() && again.ok()) << a.status().ToString();
  EXPECT_TRUE(a->added);
  EXPECT_TRUE(b->added);
  EXPECT_FALSE(again->added);
  EXPECT_EQ(again->id, a->id);
  EXPECT_TRUE(*reg->Contains(FingerprintIdentity(ExampleFingerprint("base"))));
  EXPECT_FALSE(*reg->Contains(FingerprintIdentity(ExampleFingerprint("perm"))));
  Result<std::vector<RegistryEntry>> list = reg->List();
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].reference, ExampleFingerprint("base").provenance.reference);
  EXPECT_EQ((*list)[0].identity, FingerprintIdentity(ExampleFingerprint("base")));
  EXPECT_GT((*list)[0].bytes, 1000u);
  Result<Fingerprint> back = reg->Load(a->id);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->embedding.rows, ExampleFingerprint("base").embedding.rows);
  Result<int> removed = reg->Remove(std::to_string(b->id));
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(*removed, 1);
  EXPECT_EQ(*reg->Remove(ExampleFingerprint("base").provenance.reference), 1);
  EXPECT_EQ(*reg->Remove("no/such-model"), 0);
  EXPECT_EQ(*reg->Count(), 0);
  EXPECT_FALSE(reg->Load(a->id).ok());
}

TEST_P(RegistryTest, StoredBytesRoundTripExactly) {
  auto reg = OpenOrFail(Fresh("reg-bytes"));
  ASSERT_NE(reg, nullptr);
  Result<RegistryAdd> a = reg->Add(ExampleFingerprint("perm"));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  Result<Fingerprint> back = reg->Load(a->id);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(FingerprintIdentity(*back), FingerprintIdentity(ExampleFingerprint("perm")));
  Result<std::vector<std::pair<int64_t, ModelSummary>>> s = reg->Summaries();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ((*s)[0].second.token_hashes,
            SummarizeFingerprint(ExampleFingerprint("perm")).token_hashes);
}

TEST_P(RegistryTest, TheSeedBelongsToTheRegistry) {
  const std::string location = Fresh("reg-seed");
  RegistryOptions first;
  first.projection_seed = 42;
  ASSERT_NE(OpenOrFail(location, first), nullptr);
  auto reg = OpenOrFail(location);  // asks for the default seed; the registry keeps 42
  ASSERT_NE(reg, nullptr);
  EXPECT_EQ(reg->projection_seed(), 42u);
  Result<RegistryAdd> r = reg->Add(ExampleFingerprint("base"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("projection seed"), std::string::npos);
}

TEST_P(RegistryTest, SchemaFromTheFutureIsRefusedUntouched) {
  const std::string location = Fresh("reg-future");
  ASSERT_NE(OpenOrFail(location), nullptr);
  Exec(location, "INSERT INTO schema_migrations VALUES (99, 'later')");
  Result<std::unique_ptr<Registry>> r = Registry::Open(location);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("schema version 99 is newer"), std::string::npos)
      << r.status().ToString();
  EXPECT_NE(r.status().message().find(MaskUriPassword(location)), std::string::npos);
  // Refused, not altered: removing the future row gives back a working registry.
  Exec(location, "DELETE FROM schema_migrations WHERE version = 99");
  EXPECT_NE(OpenOrFail(location), nullptr);
}

TEST_P(RegistryTest, ATamperedSeedIsAnErrorNotACrash) {
  const std::string location = Fresh("reg-tampered");
  ASSERT_NE(OpenOrFail(location), nullptr);
  Exec(location, "UPDATE settings SET value = '12abc' WHERE key = 'projection_seed'");
  Result<std::unique_ptr<Registry>> r = Registry::Open(location);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("projection seed"), std::string::npos);
}

// A small distinct fingerprint per (process, index): base's first block under another identity.
Fingerprint Distinct(int proc, int i) {
  Fingerprint fp = ExampleFingerprint("base");
  fp.blocks.resize(1);
  fp.provenance.reference = "proc" + std::to_string(proc) + "/m" + std::to_string(i);
  fp.provenance.files = {{"model.safetensors", fp.provenance.reference}};
  return fp;
}

// Forks kProcs processes that each run `body` with their index; expects every one to exit 0.
template <typename Body>
void InChildren(int procs, Body body) {
  std::vector<pid_t> kids;
  for (int p = 0; p < procs; ++p) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) _exit(body(p));
    kids.push_back(pid);
  }
  for (pid_t pid : kids) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
}

TEST_P(RegistryTest, ConcurrentWritersFromSeveralProcessesLoseNothing) {
  const std::string location = Fresh("reg-concurrent");
  ASSERT_NE(OpenOrFail(location), nullptr);
  constexpr int kProcs = 4, kEach = 6;
  std::vector<Fingerprint> mine[kProcs];
  for (int p = 0; p < kProcs; ++p)
    for (int i = 0; i < kEach; ++i) mine[p].push_back(Distinct(p, i));
  InChildren(kProcs, [&](int p) {
    Result<std::unique_ptr<Registry>> reg = Registry::Open(location);
    int failures = reg.ok() ? 0 : 100;
    // Each process also adds one model every other process adds: idempotent under races.
    for (int i = 0; reg.ok() && i < kEach; ++i) {
      failures += !(*reg)->Add(mine[p][i]).ok();
      failures += !(*reg)->Add(mine[0][0]).ok();
    }
    return failures;
  });
  auto reg = OpenOrFail(location);
  ASSERT_NE(reg, nullptr);
  EXPECT_EQ(*reg->Count(), kProcs * kEach);
  Result<std::vector<RegistryEntry>> list = reg->List();
  ASSERT_TRUE(list.ok());
  for (int p = 0; p < kProcs; ++p) {
    for (int i = 0; i < kEach; ++i) {
      const std::string ref = mine[p][i].provenance.reference;
      EXPECT_EQ(std::count_if(list->begin(), list->end(),
                              [&](const RegistryEntry& e) { return e.reference == ref; }),
                1)
          << ref;
    }
  }
}

TEST_P(RegistryTest, ProcessesOpeningANewRegistryAtOnceMigrateItOnce) {
  const std::string location = Fresh("reg-first-open");
  constexpr int kProcs = 4;
  InChildren(kProcs, [&](int p) {
    Result<std::unique_ptr<Registry>> reg = Registry::Open(location);
    if (!reg.ok()) return 1;
    return (*reg)->Add(Distinct(p, 0)).ok() ? 0 : 2;
  });
  auto reg = OpenOrFail(location);
  ASSERT_NE(reg, nullptr);
  EXPECT_EQ(*reg->Count(), kProcs);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryTest,
                         ::testing::Values(RegistryBackend::kSqlite, RegistryBackend::kPostgres),
                         testing::BackendName);

std::string FreshPath(const std::string& tag) { return testing::TempDir(tag) + "/r.sqlite"; }

TEST(SqliteRegistry, CorruptAndLockedFilesAreClearErrors) {
  const std::string bad = FreshPath("reg-corrupt");
  testing::WriteFile(bad, std::string(8192, 'x'));
  Result<std::unique_ptr<Registry>> r = Registry::Open(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not a lineage registry"), std::string::npos)
      << r.status().ToString();
  EXPECT_NE(r.status().message().find(bad), std::string::npos);

  const std::string path = FreshPath("reg-locked");
  ASSERT_NE(OpenOrFail(path), nullptr);
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  RegistryOptions quick;
  quick.busy_timeout_ms = 200;
  Result<std::unique_ptr<Registry>> locked = Registry::Open(path, quick);
  ASSERT_FALSE(locked.ok());
  EXPECT_NE(locked.status().message().find("locked by another process"), std::string::npos)
      << locked.status().ToString();
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  EXPECT_NE(OpenOrFail(path, quick), nullptr);
}

// A loopback port nothing listens on: bound, read, closed.
int FreePort() {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  socklen_t n = sizeof(a);
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &n);
  close(s);
  return ntohs(a.sin_port);
}

TEST(PostgresRegistry, AnUnreachableServerIsANetworkErrorNamingTheMaskedUri) {
  const std::string uri =
      "postgresql://lineage:Hunter2-secret@127.0.0.1:" + std::to_string(FreePort()) + "/reg";
  RegistryOptions quick;
  quick.busy_timeout_ms = 2000;
  Result<std::unique_ptr<Registry>> r = Registry::Open(uri, quick);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNetwork);
  const std::string text = r.status().ToString();
  EXPECT_NE(text.find(MaskUriPassword(uri)), std::string::npos) << text;
  EXPECT_NE(text.find("lineage:***@127.0.0.1"), std::string::npos) << text;
  EXPECT_EQ(text.find("Hunter2"), std::string::npos) << "password leaked";
}

TEST(PostgresRegistry, ARefusedPasswordIsAnAuthErrorWithoutThePassword) {
  const std::string server = testing::PostgresTestServer();
  if (server.empty()) GTEST_SKIP() << "LINEAGE_TEST_PG is not set";
  const std::string good = UriPassword(server);
  ASSERT_FALSE(good.empty()) << "the harness's server has a password";
  std::string uri = server + "/postgres";
  uri.replace(uri.find(good), good.size(), "Wrong-Secret-77");
  Result<std::unique_ptr<Registry>> r = Registry::Open(uri);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kAuth) << MaskUriPassword(r.status().ToString());
  const std::string text = r.status().ToString();
  EXPECT_EQ(text.find("Wrong-Secret-77"), std::string::npos) << "password leaked";
  EXPECT_EQ(text.find(good), std::string::npos) << "password leaked";
  EXPECT_NE(text.find(":***@"), std::string::npos) << text;
}

TEST(PostgresRegistry, TheCliExitsNonZeroAndNeverPrintsThePassword) {
  const std::string uri =
      "postgres://lineage:Hunter2-secret@127.0.0.1:" + std::to_string(FreePort()) + "/reg";
  for (const char* sub : {"ls", "search"}) {
    std::vector<std::string> args = {"registry", sub, "--registry", uri};
    if (std::string(sub) == "search") args.push_back(testing::Example("models/base"));
    testing::CliResult r = testing::RunCli(args);
    EXPECT_EQ(r.exit_code, 4) << sub << ": kExitNetwork (cli/commands.h): " << r.err;
    EXPECT_NE(r.err.find("postgres://lineage:***@127.0.0.1"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("cannot connect"), std::string::npos) << r.err;
    EXPECT_EQ((r.out + r.err).find("Hunter2"), std::string::npos) << "password leaked";
  }
}

TEST(PostgresRegistry, TheCliAddsSearchesAndListsWithThePasswordMasked) {
  if (testing::PostgresTestServer().empty()) GTEST_SKIP() << "LINEAGE_TEST_PG is not set";
  const std::string uri = testing::FreshRegistryLocation(RegistryBackend::kPostgres, "cli");
  ASSERT_FALSE(uri.empty());
  const std::string password = UriPassword(uri);
  testing::CliResult add =
      testing::RunCli({"registry", "add", "--registry", uri, testing::Example("models/base"),
                       testing::Example("models/indep-s1")});
  ASSERT_EQ(add.exit_code, 0) << MaskUriPassword(add.err);
  testing::CliResult search = testing::RunCli(
      {"registry", "search", "--registry", uri, testing::Example("models/perm"), "--json"});
  ASSERT_EQ(search.exit_code, 0) << MaskUriPassword(search.err);
  const std::string masked = MaskUriPassword(uri);
  EXPECT_NE(search.out.find("\"registry\": \"" + masked + "\""), std::string::npos)
      << MaskUriPassword(search.out);
  EXPECT_NE(search.out.find("\"related\": true"), std::string::npos);
  testing::CliResult ls = testing::RunCli({"registry", "ls", "--registry", uri});
  ASSERT_EQ(ls.exit_code, 0) << MaskUriPassword(ls.err);
  EXPECT_NE(ls.out.find("registry " + masked + ": 2 model(s)"), std::string::npos)
      << MaskUriPassword(ls.out);
  for (const testing::CliResult* r : {&add, &search, &ls})
    EXPECT_EQ((r->out + r->err).find(password), std::string::npos) << "password leaked";
}

}  // namespace
}  // namespace lineage
