// Helpers shared by the subcommands: mapping a Status to an exit code and printing it.
#pragma once

#include <string>

#include "util/status.h"

namespace lineage::cli {

// kInternal → kExitInternal; every other error concerns the input → kExitBadInput.
int ExitCodeFor(const Status& st);
// "lineage <command>: <status>" on stderr; returns ExitCodeFor(st).
int ReportError(const std::string& command, const Status& st);

}  // namespace lineage::cli
