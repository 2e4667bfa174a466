// lineage compute: could the claimed budget have trained this model? (METHODS.md §9)
#include <cmath>
#include <cstdio>
#include <string>

#include "arch/compute.h"
#include "arch/config.h"
#include "arch/param_count.h"
#include "arch/text.h"
#include "cli/claim_flags.h"
#include "cli/cmd_common.h"
#include "cli/commands.h"

namespace lineage::cli {
namespace {

std::string Sci(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

void PrintText(const ComputeReport& r, const std::string& lang) {
  auto T = [&](const char* id) { return ArchText(id, lang); };
  std::printf("%s\n", T("compute_title").c_str());
  std::printf("  %s: %s (%s %s)\n", T("params").c_str(), Sci(r.claim.total_params).c_str(),
              Sci(r.claim.active_params).c_str(), T("active").c_str());
  std::printf("  %s: %s\n", T("tokens").c_str(), Sci(r.claim.tokens).c_str());
  std::printf("  %s: %s FLOPs  [%s]\n", T("flops").c_str(), Sci(r.flops).c_str(), T("flops_approx").c_str());
  std::printf("  %s: %s %s-hours %s %.0f%%%s  [%s]\n", T("gpu_hours").c_str(), Sci(r.gpu_hours).c_str(),
              r.gpu.c_str(), T("at_mfu").c_str(), r.claim.mfu * 100,
              r.gpu_is_reference ? " (reference GPU)" : "", T("lower_bound").c_str());
  if (r.claimed_gpu_hours) {
    std::printf("  %s: %s %s-hours\n", T("claimed_budget").c_str(), Sci(*r.claimed_gpu_hours).c_str(), r.gpu.c_str());
    std::printf("  %s: %.1f%%\n", T("implied_mfu").c_str(), *r.implied_mfu * 100);
    std::printf("  %s: %s tokens\n", T("budget_buys").c_str(), Sci(*r.tokens_affordable).c_str());
  }
  if (r.cost) std::printf("  %s: $%s\n", T("cost").c_str(), Sci(*r.cost).c_str());
  for (const std::string& f : r.flags) {
    const char* id = f == "mfu-not-credible"                 ? "flag_mfu_not_credible"
                     : f == "mfu-impossible"                 ? "flag_mfu_impossible"
                     : f == "fits-fine-tune-not-pretraining" ? "flag_finetune_only"
                                                             : "flag_few_tokens";
    std::printf("  ! %s\n", T(id).c_str());
  }
  std::printf("%s (%s, MFU %.0f%%):\n", T("scratch_vs_ft").c_str(), r.gpu.c_str(), r.claim.mfu * 100);
  for (const ComputeRow& c : r.comparison) {
    std::printf("  %-34s %10s tokens %10s FLOPs %10s GPU-hours\n", c.label.c_str(), Sci(c.tokens).c_str(),
                Sci(c.flops).c_str(), Sci(c.gpu_hours).c_str());
  }
}

}  // namespace

int RunCompute(int argc, char** argv) {
  CLI::App app{"Compute plausibility of a training claim: FLOPs, GPU-hours, implied MFU, cost"};
  CommonFlags common;
  std::string model;
  ClaimFlags flags;
  app.add_option("MODEL", model, "Model directory or config.json to count parameters from");
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
  if (!model.empty()) {
    Result<ArchConfig> cfg = LoadArchConfig(model);
    if (!cfg.ok()) return Fail("compute", cfg.status().ToString(), kExitBadInput);
    Result<ParamEstimate> est = EstimateParameters(*cfg);
    if (!est.ok()) return Fail("compute", est.status().ToString(), kExitBadInput);
    claim.total_params = est->total;
    claim.active_params = est->active;
    notes = est->notes;
    notes.insert(notes.begin(), "parameters estimated from " + cfg->source);
  }
  if (p_total) claim.total_params = *p_total;
  if (p_active) claim.active_params = *p_active;
  if (claim.active_params == 0) claim.active_params = claim.total_params;
  if (claim.active_params == 0) return Fail("compute", "give MODEL or --params/--active", kExitUsage);

  Result<ComputeReport> r = EvaluateCompute(claim);
  if (!r.ok()) return Fail("compute", r.status().message(), kExitUsage);
  if (common.json) {
    nlohmann::json j = ComputeReportJson(*r);
    j["notes"] = notes;
    PrintJson(j);
  } else {
    PrintText(*r, common.lang);
    for (const auto& n : notes) std::printf("  (%s)\n", n.c_str());
  }
  return kExitOk;
}

}  // namespace lineage::cli
