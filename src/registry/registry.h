// Registry: a database of fingerprints (fingerprint/fingerprint.h) on SQLite, for screening a
// candidate against every model fingerprinted once (docs/METHODS.md §14, registry/search.h).
//
// Contract:
//   - One schema, versioned by the `schema_migrations` table (one row per applied migration).
//     Open() applies missing migrations in a transaction; a database whose highest migration is
//     above kRegistrySchemaVersion (made by a newer lineage) is refused, never altered.
//   - The projection seed belongs to the registry: the first Open() stores the seed it is given;
//     every later Open() reads it back, and Add() refuses a fingerprint made with another seed.
//   - Add() is idempotent: two fingerprints are the same model when their identity (format
//     version, then the hub repository@commit or, for local models, the sorted file SHA-256s)
//     matches; the second add returns the first entry's id with added = false.
//   - Safe under concurrent writers (several processes): WAL journal, a busy timeout, and every
//     write one transaction (a single statement; the migrations in one BEGIN IMMEDIATE). A database
//     locked beyond the timeout, or a file that is not a registry (corrupt, not SQLite), gives a
//     clear error naming the file.
//   - One Registry object per thread (it owns one connection); not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fingerprint/fingerprint.h"
#include "registry/summary.h"
#include "util/status.h"

struct sqlite3;

namespace lineage {

inline constexpr int kRegistrySchemaVersion = 1;

struct RegistryEntry {
  int64_t id = 0;
  std::string identity;
  std::string reference, repo, revision;
  uint32_t fingerprint_version = 0;
  uint64_t bytes = 0;    // size of the stored fingerprint
  std::string added_at;  // UTC, ISO 8601
};

struct RegistryAdd {
  int64_t id = 0;
  bool added = false;  // false: the same model was already there
};

struct RegistryOptions {
  // The seed a new registry is created with; an existing registry keeps its own.
  uint64_t projection_seed = kDefaultProjectionSeed;
  int busy_timeout_ms = 30000;
};

class Registry {
 public:
  static Result<std::unique_ptr<Registry>> Open(const std::string& path,
                                                const RegistryOptions& options = {});
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  const std::string& path() const { return path_; }
  uint64_t projection_seed() const { return seed_; }

  Result<RegistryAdd> Add(const Fingerprint& fp);
  Result<std::vector<RegistryEntry>> List();
  // Removes the entry with this id (decimal) or every entry with this reference; returns how many.
  Result<int> Remove(const std::string& id_or_reference);
  Result<Fingerprint> Load(int64_t id);
  // The stored per-model summaries (search prefilter), in id order.
  Result<std::vector<std::pair<int64_t, ModelSummary>>> Summaries();
  // Number of models held.
  Result<int64_t> Count();

 private:
  Registry(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
  Status Migrate();
  Status ReadSeed(uint64_t requested);

  std::string path_;
  sqlite3* db_ = nullptr;
  uint64_t seed_ = 0;
  int busy_timeout_ms_ = 30000;
};

// The identity Add() deduplicates on (contract above).
std::string FingerprintIdentity(const Fingerprint& fp);

// $XDG_DATA_HOME/lineage/registry.sqlite, else $HOME/.local/share/lineage/registry.sqlite.
std::string DefaultRegistryPath();

}  // namespace lineage
