// `lineage compare CANDIDATE BASE...`: all evidence against each base, one verdict per base.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "compare/compare.h"
#include "report/catalog.h"
#include "report/emit.h"
#include "report/text_report.h"
#include "util/progress.h"

namespace lineage::cli {

int RunCompare(int argc, char** argv) {
  CLI::App app{"Compare CANDIDATE with one or more possible BASEs along every line of evidence",
               "lineage compare"};
  std::string candidate, html_path, md_path, lang_code = "en";
  std::vector<std::string> bases, catalogs;
  bool json = false, quiet = false, timestamp = false;
  CompareOptions options;
  app.add_option("candidate", candidate, "the model under examination")->required();
  app.add_option("bases", bases, "possible parents (one or more)")->required();
  app.add_flag("--json", json, "print the JSON report (docs/JSON_SCHEMA.md) on stdout");
  app.add_option("--html", html_path, "write a self-contained HTML report to FILE");
  app.add_option("--md", md_path, "write a Markdown report to FILE");
  app.add_option("--lang", lang_code, "language of the reports: en or ko");
  app.add_option("--threads", options.threads, "worker threads (0 = all cores)");
  app.add_option("--seed", options.seed, "seed for sampling, null panels and controls");
  app.add_option("--catalog", catalogs, "extra directory of config.json files for rarity");
  app.add_flag("--timestamp", timestamp, "record the time of the run in the reports");
  app.add_flag("--quiet", quiet, "no progress bars");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  Result<Lang> lang = ParseLang(lang_code);
  if (!lang.ok()) {
    std::fprintf(stderr, "lineage compare: %s\n", lang.status().message().c_str());
    return kExitUsage;
  }
  // Check output paths before a possibly long analysis, not after it.
  for (const std::string& path : {html_path, md_path}) {
    if (path.empty()) continue;
    std::filesystem::path dir = std::filesystem::path(path).parent_path();
    if (dir.empty()) dir = ".";
    if (!std::filesystem::is_directory(dir) || access(dir.c_str(), W_OK) != 0) {
      std::fprintf(stderr, "lineage compare: %s: cannot write the report there (directory %s is "
                   "missing or not writable)\n", path.c_str(), dir.c_str());
      return kExitBadInput;
    }
  }
  options.catalog_dirs = catalogs;
  options.timestamp = timestamp;
  options.progress = !quiet && StderrIsTerminal();

  Result<CompareResult> r = RunCompare(candidate, bases, options);
  if (!r.ok()) {
    std::fprintf(stderr, "lineage compare: %s\n", r.status().ToString().c_str());
    return r.status().code() == Status::Code::kInternal ? kExitInternal : kExitBadInput;
  }
  ReportRequest request;
  request.lang = *lang;
  request.json = json;
  request.color = ShouldColorStdout();
  request.html_path = html_path;
  request.markdown_path = md_path;
  ReportOutput out = EmitReports(*r, request);
  std::fputs(out.stdout_text.c_str(), stdout);
  if (!out.files.ok()) {
    std::fprintf(stderr, "lineage compare: %s\n", out.files.ToString().c_str());
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace lineage::cli
