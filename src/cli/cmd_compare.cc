// `lineage compare CANDIDATE BASE...`: all evidence against each base, one verdict per base.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "behaviour/probe_run.h"
#include "cli/behaviour_run.h"
#include "cli/claim_flags.h"
#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "cli/compare_registry.h"
#include "compare/compare.h"
#include "compare/endpoint_only.h"
#include "compare/power_cache.h"
#include "report/catalog.h"
#include "report/emit.h"
#include "report/text_report.h"
#include "util/progress.h"

namespace lineage::cli {

namespace {

struct CompareArgs {
  std::string candidate, html_path, md_path, lang_code = "en";
  std::vector<std::string> bases, catalogs, checkpoints;
  bool json = false, quiet = false, timestamp = false;
  CompareOptions options;
  ClaimFlags claim_flags;
  ModelFlags model_flags;
  std::string vocab_size, tokens_per_step;
  std::string registry;  // --registry [PATH|URI]; empty with the flag = the default registry
  std::vector<std::string> registry_notes;
  std::vector<RegistryBase> registry_found;  // the bases the registry search reported
  std::vector<std::string> bases_given;      // the bases named on the command line
  // Behaviour (issue #14): served models of the candidate and a base, and unrelated controls.
  std::vector<std::string> endpoints, controls;
  BehaviourRunFlags behaviour;
};

void AddCompareOptions(CLI::App& app, CompareArgs* a) {
  CompareOptions& options = a->options;
  app.add_option("candidate", a->candidate, "help.opt.compare.candidate")->required();
  app.add_option("bases", a->bases, "help.opt.compare.bases");
  app.add_option("--registry", a->registry, "help.opt.compare.registry")->expected(0, 1);
  app.add_flag("--json", a->json, "help.opt.compare.json");
  app.add_option("--html", a->html_path, "help.opt.compare.html");
  app.add_option("--md", a->md_path, "help.opt.compare.md");
  app.add_option("--lang", a->lang_code, "help.opt.compare.lang");
  app.add_option("--threads", options.threads, "help.opt.threads");
  app.add_option("--seed", options.seed, "help.opt.seed");
  app.add_option("--catalog", a->catalogs, "help.opt.catalog");
  app.add_option("--panel", options.panel_files, "help.opt.panel");
  app.add_flag("--timestamp", a->timestamp, "help.opt.compare.timestamp");
  app.add_flag("--quiet", a->quiet, "help.opt.quiet");
  // Training evidence (METHODS.md §9): the same inputs as `lineage logs/trajectory/compute`.
  TrainingInputs& training = options.training;
  app.add_option("--logs", training.log_files, "help.opt.compare.logs");
  app.add_option("--checkpoints", a->checkpoints, "help.opt.compare.checkpoints");
  app.add_option("--vocab-size", a->vocab_size, "help.opt.compare.vocab_size");
  app.add_option("--tokens-per-step", a->tokens_per_step, "help.opt.tokens_per_step");
  app.add_flag("--init-check", training.init_check, "help.opt.compare.init_check");
  AddClaimFlags(app, &a->claim_flags, "--claimed-tokens");
  AddModelFlags(app, &a->model_flags);
  AddBudgetOption(app, &options.budget_bytes);
  AddAlwaysMeasurePowerFlag(app, &options.always_measure_power);
  BehaviourRunFlags& b = a->behaviour;
  app.add_option("--endpoint", a->endpoints, "help.opt.compare.endpoint");
  app.add_option("--control", a->controls, "help.opt.behaviour.control");
  app.add_option("--endpoint-model", b.endpoint_models, "help.opt.behaviour.endpoint_model");
  app.add_option("--transcripts", b.transcripts, "help.opt.behaviour.transcripts");
  app.add_flag("--replay", b.replay, "help.opt.behaviour.replay");
  app.add_option("--max-queries", b.agreement.max_queries, "help.opt.behaviour.max_queries")
      ->check(CLI::NonNegativeNumber);
  AddProbeFlags(app, b);
}

// The endpoints of the candidate and of the first base that has one, then the controls, in
// the order RunBehaviourSection wants; an error when the flags do not make that set.
Result<std::vector<EndpointSpec>> BehaviourSpecs(const CompareArgs& a, const CompareResult& r) {
  std::vector<EndpointSpec> bound, specs;
  for (const std::string& e : a.endpoints) {
    LINEAGE_ASSIGN_OR_RETURN(EndpointSpec s, ParseEndpointFlag(e));
    bound.push_back(std::move(s));
  }
  auto find = [&](const std::string& label) -> const EndpointSpec* {
    for (const EndpointSpec& s : bound) {
      if (s.label == label) return &s;
    }
    return nullptr;
  };
  for (const EndpointSpec& s : bound) {
    bool known = s.label == r.candidate.label;
    for (const ModelRef& b : r.bases) known = known || s.label == b.label;
    if (!known) {
      return InvalidArgument("--endpoint " + s.label + ": no model argument has this label");
    }
  }
  const EndpointSpec* cand = find(r.candidate.label);
  if (cand == nullptr) {
    return InvalidArgument("--endpoint: none for the candidate '" + r.candidate.label + "'");
  }
  specs.push_back(*cand);
  for (const ModelRef& b : r.bases) {
    if (const EndpointSpec* s = find(b.label); s != nullptr) {
      specs.push_back(*s);
      break;
    }
  }
  if (specs.size() < 2) return InvalidArgument("--endpoint: none for any base");
  for (const std::string& c : a.controls) {
    LINEAGE_ASSIGN_OR_RETURN(EndpointSpec s, ParseEndpointFlag(c));
    specs.push_back(std::move(s));
  }
  LINEAGE_RETURN_IF_ERROR(ApplyModelChoices(a.behaviour.endpoint_models, specs));
  return specs;
}

// Every --endpoint and --control parsed, and the --endpoint-model choices checked against their
// labels: flag errors, reported as usage errors before any analysis.
Status CheckEndpointFlags(const CompareArgs& a) {
  std::vector<EndpointSpec> specs;
  for (const std::vector<std::string>* flags : {&a.endpoints, &a.controls}) {
    for (const std::string& e : *flags) {
      LINEAGE_ASSIGN_OR_RETURN(EndpointSpec s, ParseEndpointFlag(e));
      specs.push_back(std::move(s));
    }
  }
  return ApplyModelChoices(a.behaviour.endpoint_models, specs);
}

// Which model arguments (candidate, then bases) are endpoint-only: exactly an --endpoint LABEL and
// no existing local path (compare/endpoint_only.h). A hub model is named by its reference, which
// is never a bare label (write org/name or hf://name for a hub model whose name is a label).
std::vector<bool> EndpointOnlyArgs(const CompareArgs& a) {
  std::vector<bool> out;
  std::vector<std::string> args = {a.candidate};
  args.insert(args.end(), a.bases.begin(), a.bases.end());
  for (const std::string& arg : args) {
    bool labelled = false;
    for (const std::string& e : a.endpoints) labelled = labelled || e.rfind(arg + "=", 0) == 0;
    std::error_code ec;
    out.push_back(labelled && !std::filesystem::exists(arg, ec));
  }
  return out;
}

// The stages below return an exit code to stop with, or -1 to go on.

// The behaviour flags make a set before any analysis: endpoints with controls, probes with
// endpoints, known probe suites and languages.
int CheckBehaviourFlags(const CLI::App& app, const CompareArgs& a) {
  std::string why;
  if (!a.endpoints.empty() && a.controls.empty()) why = "--endpoint needs at least one --control";
  if (a.endpoints.empty() && !a.controls.empty()) why = "--control needs --endpoint";
  if (a.endpoints.empty() && !a.behaviour.probes.empty()) why = "--probes needs --endpoint";
  if (why.empty() && !a.behaviour.probes.empty())
    why = ParseProbeSuites(a.behaviour.probes).status().message();
  if (why.empty()) why = ParseProbeLanguages(a.behaviour.probe_lang).status().message();
  if (why.empty()) why = CheckEndpointFlags(a).message();
  if (why.empty() && EndpointOnlyArgs(a)[0]) {
    if (app.count("--registry") > 0 || a.options.training.Any() || !a.checkpoints.empty()) {
      why = a.candidate + " is endpoint-only: --registry, --logs and --checkpoints need its files";
    }
  }
  if (why.empty()) return -1;
  std::fprintf(stderr, "lineage compare: %s\n", why.c_str());
  return kExitUsage;
}

// Fills options.training from the quantity and claim flags, validating the claim before a
// possibly long analysis.
int ReadTrainingFlags(const CLI::App& app, CompareArgs* a) {
  TrainingInputs& training = a->options.training;
  Result<ParsedClaim> claim = ParseClaimFlags(app, a->claim_flags, "--claimed-tokens");
  Result<std::optional<double>> vocab = ParseOptionalQuantity("--vocab-size", a->vocab_size);
  Result<std::optional<double>> per_step =
      ParseOptionalQuantity("--tokens-per-step", a->tokens_per_step);
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
  return -1;
}

// Checks output paths before a possibly long analysis, not after it.
int CheckReportPaths(const CompareArgs& a) {
  for (const std::string& path : {a.html_path, a.md_path}) {
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
  return -1;
}

int ExitForAnalysisError(const Status& st, Lang lang) {
  std::fprintf(stderr, "lineage compare: %s\n", StatusText(lang, st).c_str());
  // Claim validation (EvaluateCompute, CheckTrainingLogs) names the flag: a usage error.
  const bool usage =
      st.code() == Status::Code::kInvalidArgument && st.message().rfind("--", 0) == 0;
  return usage ? kExitUsage : ExitCodeFor(st);
}

// --registry: the registry search's related hits join the bases (cli/compare_registry.h); without
// it, at least one base is required.
int AddRegistryBases(const CLI::App& app, CompareArgs* a, Lang lang) {
  if (app.count("--registry") == 0) {
    if (!a->bases.empty()) return -1;
    std::fprintf(stderr, "lineage compare: %s\n",
                 TrText(lang, "bases is required (or --registry)").c_str());
    return kExitUsage;
  }
  a->bases_given = a->bases;
  Result<RegistryBases> found = SearchRegistryBases(a->registry, a->candidate, /*top=*/10,
                                                    a->options.threads, a->model_flags);
  if (!found.ok()) return ReportError("compare", found.status(), lang);
  for (const RegistryBase& b : found->bases) {
    if (std::find(a->bases.begin(), a->bases.end(), b.argument) == a->bases.end())
      a->bases.push_back(b.argument);
    a->registry_notes.push_back(b.note);
    a->registry_found.push_back(b);
  }
  a->registry_notes.push_back(found->summary);
  if (!a->bases.empty()) return -1;
  std::fprintf(stderr, "lineage compare: %s\n", TrText(lang, found->summary).c_str());
  return Fail("compare", std::string(Tr(lang, "compare.registry.nothing")), kExitBadInput, lang);
}

// The JSON's bases[].found_by and registry_search (schema 2.4): which bases the registry found.
void MarkRegistryBases(const CompareArgs& a, CompareResult* r) {
  for (ModelRef& m : r->bases) {
    for (const RegistryBase& b : a.registry_found) {
      if (b.argument != m.path) continue;
      m.registry = b.found;
      const bool given =
          std::find(a.bases_given.begin(), a.bases_given.end(), m.path) != a.bases_given.end();
      m.found_by = given ? "argument" : "registry";
    }
  }
}

struct Resolved {
  ModelLocation candidate;
  std::vector<ModelLocation> bases;
};

// Every model argument resolved (hub references pinned to a commit) before any is loaded.
Result<Resolved> ResolveModels(CompareArgs* a) {
  Resolved r;
  LINEAGE_ASSIGN_OR_RETURN(r.candidate, ResolveModelArg(a->candidate, a->model_flags));
  for (const std::string& b : a->bases) {
    LINEAGE_ASSIGN_OR_RETURN(ModelLocation loc, ResolveModelArg(b, a->model_flags));
    r.bases.push_back(std::move(loc));
  }
  for (const std::string& c : a->checkpoints) {
    LINEAGE_ASSIGN_OR_RETURN(ModelLocation loc, ResolveModelArg(c, a->model_flags));
    a->options.training.checkpoints.push_back(std::move(loc));
  }
  return r;
}

// The weight analysis of the model arguments that have files; endpoint-only ones join as pairs
// with nothing compared (compare/endpoint_only.h), and when the candidate or every base is
// endpoint-only nothing is read at all. Returns an exit code to stop with, or -1 with `out` set.
int Analyse(CompareArgs* a, Lang lang, std::optional<CompareResult>* out) {
  const std::vector<bool> only = EndpointOnlyArgs(*a);
  std::vector<std::string> args = {a->candidate}, only_bases, local_bases;
  args.insert(args.end(), a->bases.begin(), a->bases.end());
  for (size_t i = 1; i < args.size(); ++i) (only[i] ? only_bases : local_bases).push_back(args[i]);
  if (only[0] || local_bases.empty()) {
    *out = EndpointOnlyCompare(args, only, a->options);
    return -1;
  }
  a->bases = local_bases;
  Result<Resolved> models = ResolveModels(a);
  if (!models.ok()) return ReportError("compare", models.status(), lang);
  bool any_remote = models->candidate.remote();
  for (const ModelLocation& b : models->bases) any_remote = any_remote || b.remote();
  a->options.sampling = SamplingModeOf(a->model_flags, any_remote);
  Result<CompareResult> r = RunCompare(models->candidate, models->bases, a->options);
  if (!r.ok()) return ExitForAnalysisError(r.status(), lang);
  if (!only_bases.empty()) AddEndpointOnlyBases(only_bases, &*r);
  *out = std::move(*r);
  return -1;
}

// Behaviour is its own section: it never changes the weight verdict (METHODS §15). Its flag
// errors are usage errors (exit 2); a server's failures keep their own exit codes.
int AddBehaviour(CompareArgs* a, Lang lang, CompareResult* r) {
  auto specs = BehaviourSpecs(*a, *r);
  if (!specs.ok()) return Fail("compare", specs.status().message(), kExitUsage, lang);
  a->behaviour.verbose = a->model_flags.verbose;
  auto run = RunBehaviourSection(std::move(*specs), a->behaviour);
  if (!run.ok()) return ReportError("compare", run.status(), lang);
  r->behaviour_json = run->json.dump();
  r->behaviour_finding =
      run->result.closer_than_every_control ? "behaviour.closer" : "behaviour.no_evidence";
  return -1;
}

int Emit(const CompareResult& r, const CompareArgs& a, Lang lang) {
  ReportRequest request;
  request.lang = lang;
  request.json = a.json;
  request.color = ShouldColorStdout();
  request.html_path = a.html_path;
  request.markdown_path = a.md_path;
  ReportOutput out = EmitReports(r, request);
  std::fputs(out.stdout_text.c_str(), stdout);
  if (!a.json && !r.behaviour_finding.empty()) {
    std::printf("%s: %s\n", std::string(Tr(lang, "behaviour.title")).c_str(),
                std::string(Tr(lang, r.behaviour_finding)).c_str());
  }
  if (!out.files.ok()) {
    std::fprintf(stderr, "lineage compare: %s\n", StatusText(lang, out.files).c_str());
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace

int RunCompare(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.compare"), "lineage compare"};
  CompareArgs a;
  AddCompareOptions(app, &a);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  if (int rc = ReadTrainingFlags(app, &a); rc >= 0) return rc;
  Result<Lang> lang = ParseLang(a.lang_code);
  if (!lang.ok()) {
    std::fprintf(stderr, "lineage compare: %s\n", lang.status().message().c_str());
    return kExitUsage;
  }
  if (int rc = CheckReportPaths(a); rc >= 0) return rc;
  if (int rc = CheckBehaviourFlags(app, a); rc >= 0) return rc;
  a.options.catalog_dirs = a.catalogs;
  a.options.timestamp = a.timestamp;
  a.options.progress = !a.quiet && StderrIsTerminal();
  a.options.power_cache_dir = PowerCacheDir([](const char* name) { return std::getenv(name); });

  if (int rc = AddRegistryBases(app, &a, *lang); rc >= 0) return rc;
  std::optional<CompareResult> r;
  if (int rc = Analyse(&a, *lang, &r); rc >= 0) return rc;
  r->warnings.insert(r->warnings.end(), a.registry_notes.begin(), a.registry_notes.end());
  MarkRegistryBases(a, &*r);
  if (!a.endpoints.empty()) {
    if (int rc = AddBehaviour(&a, *lang, &*r); rc >= 0) return rc;
  }
  return Emit(*r, a, *lang);
}

}  // namespace lineage::cli
