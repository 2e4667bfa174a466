// Locating the data lineage ships beside its executable (data/catalog, data/calibration), so an
// installed or a just-built binary finds it without flags.
//
// Contract: an environment variable, when set and non-empty, wins (returned as given, even if it
// does not exist: the loader then reports it). Otherwise each relative path is tried in
// `<dir>/<rel>` for the executable's directory and up to three levels above it; the first
// existing directory is returned. Empty string when nothing is found. Reads the environment and
// the file system only; thread-safe.
#pragma once

#include <initializer_list>
#include <string>

namespace lineage {

std::string LocateShippedDataDir(const char* env_var, std::initializer_list<const char*> relative);

}  // namespace lineage
