// Locating the data lineage ships (calibration panels, config catalog), so an installed or a
// just-built binary finds it without flags.
//
// Contract: an environment variable, when set and non-empty, wins (returned as given, even if it
// does not exist: the loader then reports it). Otherwise each relative path is tried in
// `<dir>/<rel>` for, first, the directory of the shared object this code was loaded from (the
// Python module; none for the CLI) and up to four levels above it, then the executable's
// directory and up to three levels above it; the first existing directory is returned. The
// layouts searched: an installed binary (<prefix>/bin/lineage → <prefix>/share/lineage/...) or
// module (<prefix>/lib/python3/dist-packages/lineage → <prefix>/share/lineage/...), a build
// directory (CMake links <build>/share/lineage/... to the source's data/) and the source tree.
// Reads the environment and the file system only; thread-safe.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "util/status.h"

namespace lineage {

// Empty string when nothing is found.
std::string LocateShippedDataDir(const char* env_var, std::initializer_list<const char*> relative);

// The same search, for data a result depends on: a missing directory is NotFound, naming `what`,
// where it was looked for and the environment variable that points at it. Never silently empty:
// the verdicts change without the shipped data (docs/ARCHITECTURE.md, "Shipped data").
Result<std::string> RequireShippedDataDir(const char* env_var,
                                          std::initializer_list<const char*> relative,
                                          std::string_view what);

}  // namespace lineage
