// Running an external tool (python3, chromium) from a report test: the command's exit status and
// its standard output. Commands are fixed strings built by the tests, with quoted paths.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace lineage::testing {

struct ShellResult {
  int exit_code = -1;
  std::string out;
};

inline ShellResult RunShell(const std::string& command) {
  ShellResult r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace lineage::testing
