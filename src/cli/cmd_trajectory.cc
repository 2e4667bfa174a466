// lineage trajectory CKPT0 CKPT1 ... [--against BASE...]: one continuous run from random weights?
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "compare/trajectory_decision.h"
#include "report/catalog.h"
#include "training/trajectory.h"

namespace lineage::cli {
namespace {

void PrintText(const TrajectoryResult& r, Lang lang) {
  fmt::print("{}\n", Trf(lang, "trajectory.title", r.checkpoints.size()));
  fmt::print("{}\n",
             Tr(lang, r.random_start ? "trajectory.random_start" : "trajectory.not_random_start"));
  if (!r.random_start) {
    for (const auto& c : r.init.components) {
      if (c.verdict == "trained") fmt::print("      {}: {}\n", c.name, c.evidence);
    }
  }
  if (r.continuous) {
    fmt::print("{}\n", Tr(lang, "trajectory.continuous"));
  } else {
    fmt::print("{}\n", Trf(lang, "trajectory.break", r.first_break ? *r.first_break : -1));
  }
  for (const TrajectoryStep& s : r.steps) {
    fmt::print("{}\n", Trf(lang, "trajectory.step", s.index, s.index - 1,
                           TrLabel(lang, "verdict", s.verdict), s.log10_p, s.drift,
                           s.drift_jump ? std::string(Tr(lang, "trajectory.jump")) : std::string(),
                           s.path));
  }
  for (const TrajectoryBase& b : r.against) {
    fmt::print("{}\n",
               Trf(lang, "trajectory.against", b.path,
                   Tr(lang, b.derived ? "trajectory.derived" : "trajectory.unrelated"), b.log10_p));
  }
}

}  // namespace

int RunTrajectory(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.trajectory")};
  CommonFlags common;
  std::vector<std::string> ckpts, bases;
  uint64_t seed = TrajectoryOptions{}.weights.seed;
  app.add_option("CKPT", ckpts, "help.opt.trajectory.ckpt")->required();
  app.add_option("--against", bases, "help.opt.trajectory.against");
  app.add_option("--seed", seed, "help.opt.seed");
  AddCommonFlags(app, &common);
  ModelFlags model_flags;
  AddModelFlags(app, &model_flags);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  const Lang lang = LangOf(common.lang);
  if (ckpts.size() < 2) return Fail("trajectory", "trajectory.two_needed", kExitUsage, lang);

  std::vector<ModelLocation> c, b;
  for (auto [args, out] : {std::pair{&ckpts, &c}, std::pair{&bases, &b}}) {
    for (const std::string& p : *args) {
      Result<ModelLocation> loc = ResolveModelArg(p, model_flags);
      if (!loc.ok()) return ReportError("trajectory", loc.status(), lang);
      out->push_back(std::move(loc).value());
    }
  }
  TrajectoryOptions opt;
  opt.threads = static_cast<unsigned>(common.threads);
  opt.weights.seed = seed;
  opt.init.seed = seed;
  Result<TrajectoryResult> r = LoadAndDecideTrajectory(c, b, opt);
  if (!r.ok()) {
    return ReportError("trajectory", r.status(), lang);
  }
  if (common.json) {
    PrintJson(TrajectoryJson(*r));
  } else {
    PrintText(*r, lang);
  }
  return kExitOk;
}

}  // namespace lineage::cli
