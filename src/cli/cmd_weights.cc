// `lineage weights CANDIDATE BASE`: weight lineage of one candidate against one base.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "compare/power_cache.h"
#include "compare/weights_pair.h"
#include "report/catalog.h"
#include "report/describe.h"
#include "report/weights_json.h"
#include "stats/log_p.h"
#include "util/progress.h"
#include "verdict/ancestry.h"
#include "weights/calibration/calibration_panel.h"

namespace lineage::cli {

namespace {

// English keeps the analysis's component names as they are ("block 3", "trunk"); other
// languages name them as the reports do.
std::string Component(Lang lang, const std::string& name) {
  return lang == Lang::kEn ? name : ComponentText(lang, name);
}

void PrintSummary(const WeightsResult& r, const PairResult& p, const std::string& a,
                  const std::string& b, Lang lang) {
  auto line = [&](const char* key, const auto&... args) {
    fmt::print("{}\n", Trf(lang, key, args...));
  };
  std::string labels;
  for (const std::string& l : p.derivation) {
    labels += std::string(labels.empty() ? "" : ", ") + std::string(TrLabel(lang, "derivation", l));
  }
  line("weights.title", a, b);
  line("weights.verdict", TrLabel(lang, "verdict", VerdictName(p.verdict)),
       labels.empty() ? "" : " (" + labels + ")");
  if (p.verdict == Verdict::kDerived) {
    line("weights.ancestry", TrLabel(lang, "ancestry_id", AncestryName(p.ancestry.ancestry)),
         AncestryText(lang, a, b, p));
    for (const AncestryEvidence& e : p.ancestry.evidence) {
      line("weights.ancestry_evidence", AncestryEvidenceText(lang, e));
    }
  }
  if (p.log10_p_adjusted) {
    line("weights.exact", FormatLog10P(*p.log10_p_adjusted),
         p.strongest_for ? p.strongest_for->test + " " + Component(lang, p.strongest_for->component)
                         : std::string(Tr(lang, "weights.none")));
  }
  for (const RobustScore& s : p.robust) {
    const std::string beyond = s.beyond_panel ? std::string(Tr(lang, "weights.beyond_panel")) : "";
    if (s.panel_source.empty()) {
      line("weights.robust", s.test, s.value, s.z_adj, s.panel_size, beyond);
    } else {
      line("weights.robust_trained", s.test, s.value, s.z_adj, s.panel_size, beyond,
           s.panel_source);
    }
  }
  line("weights.alignment", TrLabel(lang, "alignment", AlignmentKindName(r.alignment.kind)),
       r.alignment.score_identity, r.alignment.score_permutation, r.alignment.score_rotation,
       r.alignment.shared_rows);
  std::string path;
  for (const BlockPair& bp : r.block_map.path)
    path += fmt::format(" {}->{}", bp.candidate, bp.base);
  line("weights.block_map", path.empty() ? std::string(Tr(lang, "weights.no_blocks")) : path);
  if (p.power.measured || p.power.not_needed) {
    line("weights.power", PowerText(lang, p.power));
  } else {
    line("weights.power_unmeasured");
  }
  line("weights.sampling", SamplingText(lang, p.sampling));
  for (const ComponentVerdict& c : p.components) {
    // A component's note is the decision's reason id (verdict/decide.h): a sentence, never the id.
    fmt::print("  {:<12} {}{}\n", Component(lang, c.name), TrLabel(lang, "verdict", c.verdict),
               c.note.empty() ? "" : " — " + TrText(lang, c.note));
  }
  fmt::print("  {}\n  {}\n", Tr(lang, "statement.h0"), Tr(lang, "statement.invisible"));
  // The analysis's and the panels' notes are English by contract (weights/pair/pair_analysis.h);
  // TrText renders them in the reader's language.
  for (const std::string& n : p.limitations) line("weights.note", TrText(lang, n));
}

}  // namespace

int RunWeights(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.weights"), "lineage weights"};
  std::string cand_path, base_path, lang = "en";
  bool json = false, quiet = false;
  unsigned threads = 0;
  uint64_t seed = WeightsOptions().seed;
  app.add_option("candidate", cand_path, "help.opt.weights.candidate")->required();
  app.add_option("base", base_path, "help.opt.weights.base")->required();
  app.add_flag("--json", json, "help.opt.json");
  app.add_option("--threads", threads, "help.opt.threads");
  AddLangOption(app, &lang);
  app.add_option("--seed", seed, "help.opt.seed");
  app.add_flag("--quiet", quiet, "help.opt.quiet");
  ModelFlags model_flags;
  app.add_flag("--verbose", model_flags.verbose, "help.opt.weights.verbose");
  AddModelFlags(app, &model_flags, /*with_verbose=*/false);
  uint64_t budget = 0;
  AddBudgetOption(app, &budget);
  bool always_measure_power = false;
  AddAlwaysMeasurePowerFlag(app, &always_measure_power);
  std::vector<std::string> panel_files;
  app.add_option("--panel", panel_files, "help.opt.panel");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  Result<CalibrationPanels> panels = LoadShippedAndUserPanels(panel_files);
  if (!panels.ok()) return ReportError("weights", panels.status(), LangOf(lang));
  WeightsPairOptions options;
  options.threads = threads;
  options.weights.seed = seed;
  options.weights.progress = !quiet && StderrIsTerminal();
  options.weights.timings = model_flags.verbose;
  options.weights.budget.bytes = budget;
  options.always_measure_power = always_measure_power;
  options.power_cache_dir = PowerCacheDir([](const char* name) { return std::getenv(name); });
  Result<ModelLocation> cand = ResolveModelArg(cand_path, model_flags);
  if (!cand.ok()) return ReportError("weights", cand.status(), LangOf(lang));
  Result<ModelLocation> base = ResolveModelArg(base_path, model_flags);
  if (!base.ok()) return ReportError("weights", base.status(), LangOf(lang));
  options.weights.sampling.mode = SamplingModeOf(model_flags, cand->remote() || base->remote());
  Result<WeightsPairDecision> d = RunWeightsPair(*cand, *base, *panels, options);
  if (!d.ok()) return ReportError("weights", d.status(), LangOf(lang));
  if (json) {
    std::printf("%s\n", WeightsPairJson(*d)
                            .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                            .c_str());
  } else {
    PrintSummary(d->run.result, d->pair, cand_path, base_path, LangOf(lang));
    for (const ModelRef* m : {&d->candidate, &d->base}) {
      fmt::print("{}\n",
                 Trf(LangOf(lang), "weights.reading", m->path, ReadingText(LangOf(lang), *m)));
    }
  }
  return kExitOk;
}

}  // namespace lineage::cli
