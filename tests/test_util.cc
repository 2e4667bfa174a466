#include "test_util.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace lineage::testing {

std::string TestData(const std::string& rel) { return std::string(LINEAGE_TEST_DATA) + "/" + rel; }
std::string Example(const std::string& rel) { return std::string(LINEAGE_EXAMPLES) + "/" + rel; }

std::string TempDir(const std::string& tag) {
  static std::atomic<int> counter{0};
  const char* base = std::getenv("TMPDIR");
  std::string root =
      std::string(base ? base : "/tmp") + "/lineage-test-" + std::to_string(getpid());
  std::string dir = root + "/" + tag + "-" + std::to_string(counter++);
  std::filesystem::create_directories(dir);
  return dir;
}

void WriteFile(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
}

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

static std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

const std::string& TestPowerCache() {
  static const std::string dir = [] {
    const char* shared = std::getenv("LINEAGE_POWER_CACHE");
    return shared && *shared ? std::string(shared) : TempDir("power-cache");
  }();
  return dir;
}

CliResult RunCli(const std::vector<std::string>& args) {
  std::string dir = TempDir("cli");
  std::string out_path = dir + "/out", err_path = dir + "/err";
  const std::string& power_cache = TestPowerCache();
  pid_t pid = fork();
  if (pid == 0) {
    setenv("LINEAGE_POWER_CACHE", power_cache.c_str(), 1);
    int o = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
    std::vector<char*> argv;
    std::string bin = LINEAGE_BINARY;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = Slurp(out_path);
  r.err = Slurp(err_path);
  return r;
}

}  // namespace lineage::testing
