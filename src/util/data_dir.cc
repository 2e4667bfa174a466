#include "util/data_dir.h"

#include <cstdlib>
#include <filesystem>

namespace lineage {

namespace fs = std::filesystem;

std::string LocateShippedDataDir(const char* env_var, std::initializer_list<const char*> relative) {
  if (const char* env = std::getenv(env_var); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  fs::path dir = exe.parent_path();
  for (int up = 0; up < 4 && !dir.empty(); ++up) {
    for (const char* rel : relative) {
      fs::path p = dir / rel;
      if (fs::is_directory(p, ec)) return p.string();
    }
    dir = dir.parent_path();
  }
  return "";
}

}  // namespace lineage
