#include "util/data_dir.h"

#include <dlfcn.h>
#include <link.h>

#include <cstdlib>
#include <filesystem>
#include <utility>
#include <vector>

namespace lineage {

namespace fs = std::filesystem;

namespace {

constexpr int kLevelsAbove = 3;

fs::path ExecutableDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

// The directory of the shared object this code was loaded from (the Python module,
// <site>/lineage/_lineage*.so), or empty when it is the executable itself: the loader names
// the main program "" (its link map), whatever argv[0] was.
fs::path SharedObjectDir() {
  Dl_info info{};
  link_map* map = nullptr;
  if (dladdr1(reinterpret_cast<void*>(&ExecutableDir), &info, reinterpret_cast<void**>(&map),
              RTLD_DL_LINKMAP) == 0 ||
      !map || !map->l_name || map->l_name[0] == '\0') {
    return {};
  }
  std::error_code ec;
  fs::path object = fs::weakly_canonical(map->l_name, ec);
  return ec ? fs::path() : object.parent_path();
}

// Where the search starts, and how many levels above each it goes: the module's directory
// first when there is one (<prefix>/lib/python3.N/dist-packages/lineage: one level deeper than
// bin/, so one more level up reaches <prefix>), so that a module finds the data it was built or
// installed with rather than the interpreter's prefix's; then the executable's (<prefix>/bin).
std::vector<std::pair<fs::path, int>> SearchRoots() {
  std::vector<std::pair<fs::path, int>> roots;
  if (fs::path so = SharedObjectDir(); !so.empty()) roots.emplace_back(so, kLevelsAbove + 1);
  roots.emplace_back(ExecutableDir(), kLevelsAbove);
  return roots;
}

}  // namespace

std::string LocateShippedDataDir(const char* env_var, std::initializer_list<const char*> relative) {
  if (const char* env = std::getenv(env_var); env && *env) return env;
  std::error_code ec;
  for (const auto& root : SearchRoots()) {
    fs::path dir = root.first;
    for (int up = 0; up <= root.second && !dir.empty(); ++up) {
      for (const char* rel : relative) {
        fs::path p = dir / rel;
        if (fs::is_directory(p, ec)) return p.string();
      }
      dir = dir.parent_path();
    }
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
  std::string where;
  for (const auto& root : SearchRoots()) {
    where += (where.empty() ? "" : ", ") + (root.first.empty() ? "?" : root.first.string()) +
             " and " + std::to_string(root.second) + " levels above";
  }
  return NotFound("the shipped " + std::string(what) + " directory was not found (looked for " +
                  tried + " in " + where +
                  "): results would change without it. Install lineage "
                  "(cmake --install), run it from its build directory, or set " +
                  env_var + " to the directory");
}

}  // namespace lineage
