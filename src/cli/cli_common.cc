#include "cli/cli_common.h"

#include <cstdio>

#include "cli/commands.h"

namespace lineage::cli {

int ExitCodeFor(const Status& st) {
  if (st.ok()) return kExitOk;
  return st.code() == Status::Code::kInternal ? kExitInternal : kExitBadInput;
}

int ReportError(const std::string& command, const Status& st) {
  std::fprintf(stderr, "lineage %s: %s\n", command.c_str(), st.ToString().c_str());
  return ExitCodeFor(st);
}

bool ParseArgs(CLI::App& app, int argc, char** argv, int* exit_code) {
  try {
    app.parse(argc, argv);
    return true;
  } catch (const CLI::ParseError& e) {
    *exit_code = app.exit(e) == 0 ? kExitOk : kExitUsage;
    return false;
  }
}

}  // namespace lineage::cli
