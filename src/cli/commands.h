// The subcommands of the `lineage` CLI. Each lives in its own cmd_<name>.cc, parses its own flags
// with CLI11, calls the library and renders through report/. main.cc only dispatches.
//
// Exit codes (README.md, "Exit codes"): 0 analysis completed (whatever the verdict), 1 bad input (a
// file could not be read or is corrupt), 2 usage error, 3 internal error, 4 network or
// authentication failure.
#pragma once

namespace lineage::cli {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInternal = 3;
// A remote source could not be reached, misbehaved after retries, or refused our credentials.
constexpr int kExitNetwork = 4;

struct Command {
  const char* name;
  const char* summary;
  int (*run)(int argc, char** argv);  // argv[0] is the subcommand name
};

// All commands, in the order `lineage --help` lists them.
const Command* Commands(int* count);

}  // namespace lineage::cli
