#include "util/data_dir.h"

#include <cstdlib>
#include <filesystem>

namespace lineage {

namespace fs = std::filesystem;

namespace {

constexpr int kLevelsAbove = 3;

fs::path ExecutableDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

}  // namespace

std::string LocateShippedDataDir(const char* env_var, std::initializer_list<const char*> relative) {
  if (const char* env = std::getenv(env_var); env && *env) return env;
  fs::path dir = ExecutableDir();
  std::error_code ec;
  for (int up = 0; up <= kLevelsAbove && !dir.empty(); ++up) {
    for (const char* rel : relative) {
      fs::path p = dir / rel;
      if (fs::is_directory(p, ec)) return p.string();
    }
    dir = dir.parent_path();
  }
  return "";
}

Result<std::string> RequireShippedDataDir(const char* env_var,
                                          std::initializer_list<const char*> relative,
                                          std::string_view what) {
  std::string found = LocateShippedDataDir(env_var, relative);
  if (!found.empty()) return found;
  std::string tried;
  for (const char* rel : relative) tried += (tried.empty() ? "" : " or ") + std::string(rel);
  const std::string exe_dir = ExecutableDir().string();
  return NotFound("the shipped " + std::string(what) + " directory was not found (looked for " +
                  tried + " in " + (exe_dir.empty() ? "?" : exe_dir) + " and " +
                  std::to_string(kLevelsAbove) +
                  " levels above): results would change without it. Install lineage "
                  "(cmake --install), run it from its build directory, or set " +
                  env_var + " to the directory");
}

}  // namespace lineage
