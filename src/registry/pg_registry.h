// The PostgreSQL back end of the registry (registry/registry.h): a team's shared registry on a
// server, through libpq (Debian's libpq-dev), at a `postgresql://` or `postgres://` URI (libpq's
// syntax: user, password, host, port, database, and parameters such as sslmode).
//
// Contract (beyond registry.h):
//   - The migrations run in one transaction that first takes a transaction-scoped advisory lock
//     (pg_advisory_xact_lock), so several processes opening a new database at once apply each
//     migration exactly once. The tables live in the connection's search_path (by default the
//     database's `public` schema; `?options=-csearch_path%3Dname` chooses another).
//   - An add is one INSERT ... ON CONFLICT (identity) DO NOTHING: concurrent writers lose nothing
//     and never duplicate a model.
//   - Errors name the URI with its password masked and never hold the password (libpq's and the
//     server's messages are scrubbed too). A server that cannot be reached within the connect
//     timeout (RegistryOptions::busy_timeout_ms, at least 1 s) is a kNetwork error; a refused
//     password is kAuth.
//   - Notices from the server are not printed.
#pragma once

#include <memory>
#include <string>

#include "registry/registry.h"
#include "util/status.h"

namespace lineage {

Result<std::unique_ptr<Registry>> OpenPostgresRegistry(const std::string& uri,
                                                       const RegistryOptions& options);

}  // namespace lineage
