// lineage compute: could the claimed budget have trained this model? (METHODS.md §9)
#include <cmath>
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "arch/compute.h"
#include "arch/config.h"
#include "arch/param_count.h"
#include "cli/claim_flags.h"
#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "report/catalog.h"

namespace lineage::cli {
namespace {

std::string Sci(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

void PrintText(const ComputeReport& r, Lang lang) {
  fmt::print("{}\n", Tr(lang, "compute.title"));
  fmt::print("{}\n",
             Trf(lang, "compute.params", Sci(r.claim.total_params), Sci(r.claim.active_params)));
  fmt::print("{}\n", Trf(lang, "compute.tokens", Sci(r.claim.tokens)));
  fmt::print("{}\n", Trf(lang, "compute.flops", Sci(r.flops)));
  fmt::print("{}\n", Trf(lang, "compute.gpu_hours", Sci(r.gpu_hours), r.gpu, r.claim.mfu * 100,
                         r.gpu_is_reference ? std::string(Tr(lang, "compute.reference_gpu"))
                                            : std::string()));
  if (r.claimed_gpu_hours) {
    fmt::print("{}\n", Trf(lang, "compute.claimed_budget", Sci(*r.claimed_gpu_hours), r.gpu));
    fmt::print("{}\n", Trf(lang, "compute.implied_mfu", *r.implied_mfu * 100));
    fmt::print("{}\n", Trf(lang, "compute.budget_buys", Sci(*r.tokens_affordable)));
  }
  if (r.cost) fmt::print("{}\n", Trf(lang, "compute.cost", Sci(*r.cost)));
  for (const std::string& f : r.flags) fmt::print("  ! {}\n", TrLabel(lang, "compute.flag", f));
  fmt::print("{}\n", Trf(lang, "compute.scratch_vs_ft", r.gpu, r.claim.mfu * 100));
  for (const ComputeRow& c : r.comparison) {
    fmt::print("{}\n", Trf(lang, "compute.row", TrLabel(lang, "compute.row", c.label),
                           Sci(c.tokens), Sci(c.flops), Sci(c.gpu_hours)));
  }
}

}  // namespace

int RunCompute(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.compute")};
  CommonFlags common;
  std::string model;
  ClaimFlags flags;
  app.add_option("MODEL", model, "help.opt.compute.model");
  AddClaimFlags(app, &flags, "--tokens")->required();
  AddCommonFlags(app, &common);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;

  Result<ParsedClaim> parsed = ParseClaimFlags(app, flags, "--tokens");
  if (!parsed.ok()) return Fail("compute", parsed.status().message(), kExitUsage);
  ComputeClaim claim = parsed->claim;
  claim.total_params = 0;
  claim.active_params = 0;
  const std::optional<double> p_total = parsed->total, p_active = parsed->active;

  std::vector<std::string> notes;
  std::string estimated_from;
  if (!model.empty()) {
    Result<ArchConfig> cfg = LoadArchConfig(model);
    if (!cfg.ok()) return Fail("compute", cfg.status().ToString(), kExitBadInput);
    Result<ParamEstimate> est = EstimateParameters(*cfg);
    if (!est.ok()) return Fail("compute", est.status().ToString(), kExitBadInput);
    claim.total_params = est->total;
    claim.active_params = est->active;
    notes = est->notes;
    estimated_from = cfg->source;
  }
  if (p_total) claim.total_params = *p_total;
  if (p_active) claim.active_params = *p_active;
  if (claim.active_params == 0) claim.active_params = claim.total_params;
  if (claim.active_params == 0)
    return Fail("compute", "give MODEL or --params/--active", kExitUsage);

  Result<ComputeReport> r = EvaluateCompute(claim);
  if (!r.ok()) return Fail("compute", r.status().message(), kExitUsage);
  if (common.json) {
    nlohmann::json j = ComputeReportJson(*r);
    if (!estimated_from.empty())
      notes.insert(notes.begin(), "parameters estimated from " + estimated_from);
    j["notes"] = notes;
    PrintJson(j);
  } else {
    const Lang lang = LangOf(common.lang);
    PrintText(*r, lang);
    if (!estimated_from.empty())
      fmt::print("{}\n", Trf(lang, "compute.estimated_from", estimated_from));
    // The estimator's notes are diagnostic detail from arch/param_count (English by contract).
    for (const auto& n : notes) std::printf("  (%s)\n", n.c_str());
  }
  return kExitOk;
}

}  // namespace lineage::cli
