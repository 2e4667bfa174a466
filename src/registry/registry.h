// Registry: a database of fingerprints (fingerprint/fingerprint.h), for screening a candidate
// against every model fingerprinted once (docs/METHODS.md §14, registry/search.h). One interface,
// two back ends: SQLite (a file, the default; registry/sqlite_registry.h) and PostgreSQL (a
// team's shared server, `postgresql://` or `postgres://` URIs; registry/pg_registry.h).
//
// Contract (both back ends):
//   - One schema, versioned by the `schema_migrations` table (one row per applied migration).
//     Open() applies missing migrations in one transaction (serialised between processes: SQLite's
//     BEGIN IMMEDIATE, PostgreSQL's transaction-scoped advisory lock); a database whose highest
//     migration is above kRegistrySchemaVersion (made by a newer lineage) is refused, never
//     altered.
//   - The projection seed belongs to the registry: the first Open() stores the seed it is given;
//     every later Open() reads it back, and Add() refuses a fingerprint made with another seed.
//   - Add() is idempotent: two fingerprints are the same model when their identity (format
//     version, then the hub repository@commit or, for local models, the sorted file SHA-256s)
//     matches; the second add returns the first entry's id with added = false. Concurrent adds
//     from several processes lose nothing (one statement per add, INSERT ... ON CONFLICT DO
//     NOTHING on the unique identity).
//   - location() is fit to print: the file path, or the URI with its password masked
//     (registry/uri.h). No message of a registry ever holds a password.
//   - One Registry object per thread (it owns one connection); not thread-safe. Do not fork with
//     an open Registry and use it on both sides.
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
  // SQLite: how long a writer waits for another; PostgreSQL: the connect timeout (rounded up to
  // whole seconds).
  int busy_timeout_ms = 30000;
};

// One stored model as the back ends write it: the fingerprint's columns, already encoded.
struct RegistryRow {
  std::string identity, reference, repo, revision;
  uint32_t fingerprint_version = 0;
  uint64_t projection_seed = 0;
  std::string added_at;
  std::vector<uint8_t> summary, fingerprint;
};

class Registry {
 public:
  // A `postgresql://` or `postgres://` URI opens the PostgreSQL back end; an empty location the
  // default SQLite file (DefaultRegistryPath); anything else is the path of an SQLite file
  // (created with its folder when missing).
  static Result<std::unique_ptr<Registry>> Open(const std::string& location,
                                                const RegistryOptions& options = {});
  virtual ~Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  const std::string& location() const { return location_; }
  uint64_t projection_seed() const { return seed_; }

  Result<RegistryAdd> Add(const Fingerprint& fp);
  // Removes the entry with this id (decimal) or every entry with this reference; returns how many.
  Result<int> Remove(const std::string& id_or_reference);
  Result<Fingerprint> Load(int64_t id);
  // The stored per-model summaries (search prefilter), in id order.
  Result<std::vector<std::pair<int64_t, ModelSummary>>> Summaries();

  virtual Result<std::vector<RegistryEntry>> List() = 0;
  // Number of models held.
  virtual Result<int64_t> Count() = 0;
  // True when a model with this identity (FingerprintIdentity) is held.
  virtual Result<bool> Contains(const std::string& identity) = 0;

 protected:
  explicit Registry(std::string location) : location_(std::move(location)) {}
  void set_projection_seed(uint64_t seed) { seed_ = seed; }
  // Parses the stored seed text; Corrupt naming the registry when it is not a number.
  Status ParseStoredSeed(const std::string& text);

  virtual Result<RegistryAdd> InsertRow(const RegistryRow& row) = 0;
  // Deletes by id when `id` is set, else by reference; returns the rows deleted.
  virtual Result<int> DeleteRows(std::optional<int64_t> id, const std::string& reference) = 0;
  // The encoded fingerprint of model `id`, nullopt when there is none.
  virtual Result<std::optional<std::vector<uint8_t>>> FingerprintBytes(int64_t id) = 0;
  virtual Result<std::vector<std::pair<int64_t, std::vector<uint8_t>>>> SummaryBytes() = 0;

 private:
  std::string location_;
  uint64_t seed_ = 0;
};

// The identity Add() deduplicates on (contract above).
std::string FingerprintIdentity(const Fingerprint& fp);
// The identity of a hub model's fingerprint, known before reading it (a resumable batch skips by
// it): FingerprintIdentity of a fingerprint of `repo` at commit `revision`.
std::string HubIdentity(uint32_t fingerprint_version, const std::string& repo,
                        const std::string& revision);

// $XDG_DATA_HOME/lineage/registry.sqlite, else $HOME/.local/share/lineage/registry.sqlite.
std::string DefaultRegistryPath();

// The current time, UTC, ISO 8601 (the added_at and applied_at columns).
std::string RegistryNowUtc();

}  // namespace lineage
