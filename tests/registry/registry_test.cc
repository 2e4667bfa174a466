// The SQLite registry (registry/registry.h): idempotent adds, the registry's projection seed,
// migrations and a schema from the future, a corrupt or locked file, and several processes adding
// at once with none lost.
#include "registry/registry.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "fingerprint/fixtures.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::ExampleFingerprint;

std::string FreshPath(const std::string& tag) { return testing::TempDir(tag) + "/r.sqlite"; }

std::unique_ptr<Registry> OpenOrFail(const std::string& path, RegistryOptions o = {}) {
  Result<std::unique_ptr<Registry>> r = Registry::Open(path, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : nullptr;
}

TEST(Registry, AddIsIdempotentAndListRemoveCount) {
  auto reg = OpenOrFail(FreshPath("reg-add"));
  ASSERT_NE(reg, nullptr);
  Result<RegistryAdd> a = reg->Add(ExampleFingerprint("base"));
  Result<RegistryAdd> b = reg->Add(ExampleFingerprint("ft-sft"));
  Result<RegistryAdd> again = reg->Add(ExampleFingerprint("base"));
  ASSERT_TRUE(a.ok() && b.ok() && again.ok()) << a.status().ToString();
  EXPECT_TRUE(a->added);
  EXPECT_TRUE(b->added);
  EXPECT_FALSE(again->added);
  EXPECT_EQ(again->id, a->id);
  Result<std::vector<RegistryEntry>> list = reg->List();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].reference, ExampleFingerprint("base").provenance.reference);
  EXPECT_GT((*list)[0].bytes, 1000u);
  Result<Fingerprint> back = reg->Load(a->id);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->embedding.rows, ExampleFingerprint("base").embedding.rows);
  Result<int> removed = reg->Remove(std::to_string(b->id));
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 1);
  EXPECT_EQ(*reg->Remove(ExampleFingerprint("base").provenance.reference), 1);
  EXPECT_EQ(*reg->Count(), 0);
  EXPECT_FALSE(reg->Load(a->id).ok());
}

TEST(Registry, TheSeedBelongsToTheRegistry) {
  const std::string path = FreshPath("reg-seed");
  RegistryOptions first;
  first.projection_seed = 42;
  ASSERT_NE(OpenOrFail(path, first), nullptr);
  auto reg = OpenOrFail(path);  // asks for the default seed; the registry keeps 42
  ASSERT_NE(reg, nullptr);
  EXPECT_EQ(reg->projection_seed(), 42u);
  Result<RegistryAdd> r = reg->Add(ExampleFingerprint("base"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("projection seed"), std::string::npos);
}

TEST(Registry, SchemaFromTheFutureIsRefusedUntouched) {
  const std::string path = FreshPath("reg-future");
  ASSERT_NE(OpenOrFail(path), nullptr);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (99, 'later')", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  Result<std::unique_ptr<Registry>> r = Registry::Open(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("schema version 99 is newer"), std::string::npos)
      << r.status().ToString();
  EXPECT_NE(r.status().message().find(path), std::string::npos);
}

TEST(Registry, ATamperedSeedIsAnErrorNotACrash) {
  const std::string path = FreshPath("reg-tampered");
  ASSERT_NE(OpenOrFail(path), nullptr);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE settings SET value = '12abc' WHERE key = 'projection_seed'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  Result<std::unique_ptr<Registry>> r = Registry::Open(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("projection seed"), std::string::npos);
}

TEST(Registry, CorruptAndLockedFilesAreClearErrors) {
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

// A small distinct fingerprint per (process, index): base's first block under another identity.
Fingerprint Distinct(int proc, int i) {
  Fingerprint fp = ExampleFingerprint("base");
  fp.blocks.resize(1);
  fp.provenance.reference = "proc" + std::to_string(proc) + "/m" + std::to_string(i);
  fp.provenance.files = {{"model.safetensors", fp.provenance.reference}};
  return fp;
}

TEST(Registry, ConcurrentWritersFromSeveralProcessesLoseNothing) {
  const std::string path = FreshPath("reg-concurrent");
  ASSERT_NE(OpenOrFail(path), nullptr);
  constexpr int kProcs = 4, kEach = 6;
  std::vector<Fingerprint> mine[kProcs];
  for (int p = 0; p < kProcs; ++p)
    for (int i = 0; i < kEach; ++i) mine[p].push_back(Distinct(p, i));
  std::vector<pid_t> kids;
  for (int p = 0; p < kProcs; ++p) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      Result<std::unique_ptr<Registry>> reg = Registry::Open(path);
      int failures = reg.ok() ? 0 : 100;
      // Each process also adds one model every other process adds: idempotent under races.
      for (int i = 0; reg.ok() && i < kEach; ++i) {
        failures += !(*reg)->Add(mine[p][i]).ok();
        failures += !(*reg)->Add(mine[0][0]).ok();
      }
      _exit(failures);
    }
    kids.push_back(pid);
  }
  for (pid_t pid : kids) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  auto reg = OpenOrFail(path);
  ASSERT_NE(reg, nullptr);
  EXPECT_EQ(*reg->Count(), kProcs * kEach);
}

}  // namespace
}  // namespace lineage
