// One call for a command's report output: the terminal summary or JSON for stdout, and the HTML,
// Markdown or JSON files the user asked for (--html FILE, --md FILE, --json-out FILE).
//
// Contract: renders from the CompareResult only. Every requested file is attempted even if an
// earlier one fails, so partial output still lands; `files` is the first failure (an IoError
// naming the path) or ok. Pure apart from writing the named files; thread-safe for distinct paths.
#pragma once

#include <string>

#include "evidence/compare_result.h"
#include "report/catalog.h"
#include "util/status.h"

namespace lineage {

struct ReportRequest {
  Lang lang = Lang::kEn;
  bool json = false;   // stdout gets JSON instead of the terminal summary
  bool color = false;  // ANSI colour in the terminal summary
  bool quiet = false;  // no terminal summary (JSON on stdout is still written when asked)
  std::string html_path;
  std::string markdown_path;
  std::string json_path;
};

struct ReportOutput {
  std::string stdout_text;
  Status files;
};

ReportOutput EmitReports(const CompareResult& result, const ReportRequest& request);

}  // namespace lineage
