#include "cli/huge_page_malloc.h"

#include <cstdlib>

#include <unistd.h>

namespace lineage::cli {

void ReexecWithHugePageMalloc(char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
  if (std::getenv("GLIBC_TUNABLES") != nullptr) return;
  // Execute the resolved path, not /proc/self/exe, so the process keeps its name in ps and top.
  char path[4096];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
  if (n <= 0) return;
  path[n] = '\0';
  if (setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) != 0) return;
  execv(path, argv);
  // execv returned: it failed. Carry on in this process without the tunable.
  unsetenv("GLIBC_TUNABLES");
#else
  (void)argv;
#endif
}

}  // namespace lineage::cli
