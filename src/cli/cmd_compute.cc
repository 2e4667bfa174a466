// lineage compute: could the claimed budget have trained this model? (METHODS.md §9)
#include <cmath>
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "arch/compute.h"
#include "arch/model_compute.h"
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
  bool config_error = false;
  Result<ModelCompute> r =
      EvaluateModelCompute(model, parsed->claim, parsed->total, parsed->active, &config_error);
  if (!r.ok()) {
    return config_error ? Fail("compute", r.status().ToString(), kExitBadInput)
                        : Fail("compute", r.status().message(), kExitUsage);
  }
  if (common.json) {
    PrintJson(ModelComputeJson(*r));
  } else {
    const Lang lang = LangOf(common.lang);
    PrintText(r->report, lang);
    if (!r->estimated_from.empty())
      fmt::print("{}\n", Trf(lang, "compute.estimated_from", r->estimated_from));
    // The estimator's notes are diagnostic detail from arch/param_count (English by contract).
    for (const auto& n : r->notes) std::printf("  (%s)\n", n.c_str());
  }
  return kExitOk;
}

}  // namespace lineage::cli
