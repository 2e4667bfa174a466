// Writing a rendered report (HTML, Markdown, JSON) to a file.
//
// Contract: the file appears whole or not at all (a temporary file beside it, then rename), so a
// failed run never leaves a truncated report. Errors are IoError values naming the path and the
// operating system's reason ("report.html: cannot write: Permission denied"). Thread-safe for
// distinct paths.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace lineage {

Status WriteReportFile(const std::string& path, std::string_view content);

}  // namespace lineage
