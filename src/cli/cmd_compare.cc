// `lineage compare CANDIDATE BASE...`: all evidence against each base, one verdict per base.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/claim_flags.h"
#include "cli/cmd_common.h"
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
  app.add_option("--panel", options.panel_files,
                 "extra calibration panel (JSONL of known-independent pairs, from `lineage "
                 "calibrate`); repeatable");
  app.add_flag("--timestamp", timestamp, "record the time of the run in the reports");
  app.add_flag("--quiet", quiet, "no progress bars");
  // Training evidence (METHODS.md §9): the same inputs as `lineage logs/trajectory/compute`.
  TrainingInputs& training = options.training;
  ClaimFlags claim_flags;
  std::string vocab_size, tokens_per_step;
  app.add_option("--logs", training.log_files,
                 "training logs of the candidate's run (CSV, JSONL, "
                 "TensorBoard), in order");
  app.add_option("--checkpoints", training.checkpoints,
                 "checkpoints of the candidate's run from "
                 "step 0, in order (the candidate is appended as the last step)");
  app.add_option("--vocab-size", vocab_size,
                 "V for the logs' ln V check (default: the candidate's "
                 "embedding rows)");
  app.add_option("--tokens-per-step", tokens_per_step,
                 "tokens per optimizer step, when the logs "
                 "have no token count");
  app.add_flag("--init-check", training.init_check,
               "random-initialisation signature of the candidate");
  AddClaimFlags(app, &claim_flags, "--claimed-tokens");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  Result<ParsedClaim> claim = ParseClaimFlags(app, claim_flags, "--claimed-tokens");
  Result<std::optional<double>> vocab = ParseOptionalQuantity("--vocab-size", vocab_size);
  Result<std::optional<double>> per_step =
      ParseOptionalQuantity("--tokens-per-step", tokens_per_step);
  for (const Status& s : {claim.status(), vocab.status(), per_step.status()}) {
    if (!s.ok()) {
      std::fprintf(stderr, "lineage compare: %s\n", s.message().c_str());
      return kExitUsage;
    }
  }
  training.vocab_size = *vocab;
  training.tokens_per_step = *per_step;
  training.claimed_tokens = claim->tokens;
  if (claim->any_claim_flag && !claim->tokens) {
    std::fprintf(stderr,
                 "lineage compare: --claimed-tokens: needed with the compute claim flags\n");
    return kExitUsage;
  }
  // A token claim alone is enough for compute plausibility (parameters from the candidate's
  // config).
  if (claim->any_claim_flag || claim->tokens) {
    training.compute = claim->claim;
    // Validate the claim before a possibly long analysis; parameters not given come from the
    // candidate's config later, so a placeholder stands in for them here.
    ComputeClaim probe = claim->claim;
    if (probe.total_params == 0 && probe.active_params == 0)
      probe.total_params = probe.active_params = 1;
    if (probe.active_params == 0) probe.active_params = probe.total_params;
    if (Result<ComputeReport> check = EvaluateCompute(probe); !check.ok()) {
      std::fprintf(stderr, "lineage compare: compute claim: %s\n",
                   check.status().message().c_str());
      return kExitUsage;
    }
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
      std::fprintf(stderr,
                   "lineage compare: %s: cannot write the report there (directory %s is "
                   "missing or not writable)\n",
                   path.c_str(), dir.c_str());
      return kExitBadInput;
    }
  }
  options.catalog_dirs = catalogs;
  options.timestamp = timestamp;
  options.progress = !quiet && StderrIsTerminal();

  Result<CompareResult> r = RunCompare(candidate, bases, options);
  if (!r.ok()) {
    std::fprintf(stderr, "lineage compare: %s\n", r.status().ToString().c_str());
    if (r.status().code() == Status::Code::kInternal) return kExitInternal;
    // Claim validation (EvaluateCompute, CheckTrainingLogs) names the flag: a usage error.
    const bool usage = r.status().code() == Status::Code::kInvalidArgument &&
                       r.status().message().rfind("--", 0) == 0;
    return usage ? kExitUsage : kExitBadInput;
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
