// Helpers shared by the subcommands: parsing, mapping a Status to an exit code and printing it.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "util/status.h"

namespace lineage::cli {

// kInternal → kExitInternal; every other error concerns the input → kExitBadInput.
int ExitCodeFor(const Status& st);
// "lineage <command>: <status>" on stderr; returns ExitCodeFor(st).
int ReportError(const std::string& command, const Status& st);
// Parses the command line; on --help or a usage error sets *exit_code (kExitOk / kExitUsage)
// after CLI11 printed its message, and returns false.
bool ParseArgs(CLI::App& app, int argc, char** argv, int* exit_code);

}  // namespace lineage::cli
