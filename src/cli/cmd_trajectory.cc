// lineage trajectory CKPT0 CKPT1 ... [--against BASE...]: one continuous run from random weights?
#include <cstdio>
#include <string>
#include <vector>

#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "training/text.h"
#include "training/trajectory.h"

namespace lineage::cli {
namespace {

void PrintText(const TrajectoryResult& r, const std::string& lang) {
  auto T = [&](const char* id) { return TrainingText(id, lang); };
  std::printf("%s: %zu checkpoints\n", T("traj_title").c_str(), r.checkpoints.size());
  std::printf("  (a) %s", T(r.random_start ? "traj_random_start" : "traj_not_random_start").c_str());
  if (!r.random_start) {
    for (const auto& c : r.init.components) {
      if (c.verdict == "trained") std::printf("\n      %s: %s", c.name.c_str(), c.evidence.c_str());
    }
  }
  std::printf("\n  (b) %s\n", r.continuous ? T("traj_continuous").c_str()
                                            : (T("traj_break") + " " + std::to_string(*r.first_break)).c_str());
  for (const TrajectoryStep& s : r.steps) {
    std::printf("      %d <- %d  %-12s log10 p %9.1f  %s %.4f%s  %s\n", s.index, s.index - 1, s.verdict.c_str(),
                s.log10_p, T("traj_drift").c_str(), s.drift, s.drift_jump ? ("  (" + T("traj_jump") + ")").c_str() : "",
                s.path.c_str());
  }
  for (const TrajectoryBase& b : r.against) {
    std::printf("  (c) %s %s: %s (log10 p %.1f)\n", T("traj_against").c_str(), b.path.c_str(),
                T(b.derived ? "traj_derived" : "traj_unrelated").c_str(), b.log10_p);
  }
}

}  // namespace

int RunTrajectory(int argc, char** argv) {
  CLI::App app{"Checkpoint trajectory: random start, unbroken chain, no parent among the given bases"};
  CommonFlags common;
  std::vector<std::string> ckpts, bases;
  uint64_t seed = TrajectoryOptions{}.weights.seed;
  app.add_option("CKPT", ckpts, "Checkpoints of one run, in training order")->required();
  app.add_option("--against", bases, "Possible parents the first checkpoint must not derive from");
  app.add_option("--seed", seed, "Seed for sampling, panels and controls");
  AddCommonFlags(app, &common);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  if (ckpts.size() < 2) return Fail("trajectory", "give at least two checkpoints", kExitUsage);

  std::vector<Model> models;
  models.reserve(ckpts.size() + bases.size());
  for (const std::string& p : ckpts) {
    Result<Model> m = LoadModel(p);
    if (!m.ok()) return Fail("trajectory", m.status().ToString(), kExitBadInput);
    models.push_back(std::move(m).value());
  }
  for (const std::string& p : bases) {
    Result<Model> m = LoadModel(p);
    if (!m.ok()) return Fail("trajectory", m.status().ToString(), kExitBadInput);
    models.push_back(std::move(m).value());
  }
  std::vector<const Model*> c, b;
  for (size_t i = 0; i < models.size(); ++i) (i < ckpts.size() ? c : b).push_back(&models[i]);
  TrajectoryOptions opt;
  opt.threads = static_cast<unsigned>(common.threads);
  opt.weights.seed = seed;
  opt.init.seed = seed;
  Result<TrajectoryResult> r = CheckTrajectory(c, b, opt);
  if (!r.ok()) {
    return Fail("trajectory", r.status().ToString(),
                r.status().code() == Status::Code::kInternal ? kExitInternal : kExitBadInput);
  }
  if (common.json) {
    PrintJson(TrajectoryJson(*r));
  } else {
    PrintText(*r, common.lang);
  }
  return kExitOk;
}

}  // namespace lineage::cli
