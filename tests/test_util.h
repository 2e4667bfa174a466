// Helpers shared by tests: paths to shipped data, temp dirs, running the CLI.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lineage::testing {

std::string TestData(const std::string& rel);  // tests/data/<rel>
std::string Example(const std::string& rel);   // examples/<rel>
// A fresh empty directory under the build's temp area, removed at process exit is not
// guaranteed; names are unique per call.
std::string TempDir(const std::string& tag);
void WriteFile(const std::string& path, const std::vector<uint8_t>& bytes);
void WriteFile(const std::string& path, const std::string& text);
std::vector<uint8_t> ReadFile(const std::string& path);

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// The power cache tests use (compare/power_cache.h), never the user's: $LINEAGE_POWER_CACHE when
// ctest sets it (one directory for the whole run, emptied by the power_cache.reset fixture, so
// each shape class's positive controls run once per ctest run, not once per test process), else a
// temp dir of this test process.
const std::string& TestPowerCache();
// Runs the built `lineage` binary with the given arguments (no shell), with LINEAGE_POWER_CACHE
// set to TestPowerCache().
CliResult RunCli(const std::vector<std::string>& args);

}  // namespace lineage::testing
