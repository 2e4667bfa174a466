// The SQLite back end of the registry (registry/registry.h): one file, Debian's libsqlite3.
//
// Contract (beyond registry.h): WAL journal (readers beside one writer) and a busy timeout
// (RegistryOptions::busy_timeout_ms) for concurrent writers; every write is one statement (an
// implicit transaction) and the migrations run in one BEGIN IMMEDIATE. A database locked beyond
// the timeout, or a file that is not a registry (corrupt, not SQLite), gives a clear error naming
// the file. The folder of a new file is created.
#pragma once

#include <memory>
#include <string>

#include "registry/registry.h"
#include "util/status.h"

namespace lineage {

Result<std::unique_ptr<Registry>> OpenSqliteRegistry(const std::string& path,
                                                     const RegistryOptions& options);

}  // namespace lineage
