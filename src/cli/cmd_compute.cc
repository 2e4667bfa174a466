// lineage compute: could the claimed budget have trained this model? (METHODS.md §9)
#include <cmath>
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "arch/compute.h"
#include "arch/config.h"
#include "arch/param_count.h"
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

// Parses an optional quantity flag; returns false (after printing) on a usage error.
bool Quantity(const std::string& flag, const std::string& text, std::optional<double>* out) {
  if (text.empty()) return true;
  Result<double> v = ParseQuantity(text);
  if (!v.ok()) {
    Fail("compute", "--" + flag + ": " + v.status().message(), kExitUsage);
    return false;
  }
  *out = *v;
  return true;
}

void PrintText(const ComputeReport& r, Lang lang) {
  fmt::print("{}\n", Tr(lang, "compute.title"));
  fmt::print("{}\n", Trf(lang, "compute.params", Sci(r.claim.total_params), Sci(r.claim.active_params)));
  fmt::print("{}\n", Trf(lang, "compute.tokens", Sci(r.claim.tokens)));
  fmt::print("{}\n", Trf(lang, "compute.flops", Sci(r.flops)));
  fmt::print("{}\n", Trf(lang, "compute.gpu_hours", Sci(r.gpu_hours), r.gpu, r.claim.mfu * 100,
                         r.gpu_is_reference ? std::string(Tr(lang, "compute.reference_gpu")) : std::string()));
  if (r.claimed_gpu_hours) {
    fmt::print("{}\n", Trf(lang, "compute.claimed_budget", Sci(*r.claimed_gpu_hours), r.gpu));
    fmt::print("{}\n", Trf(lang, "compute.implied_mfu", *r.implied_mfu * 100));
    fmt::print("{}\n", Trf(lang, "compute.budget_buys", Sci(*r.tokens_affordable)));
  }
  if (r.cost) fmt::print("{}\n", Trf(lang, "compute.cost", Sci(*r.cost)));
  for (const std::string& f : r.flags) fmt::print("  ! {}\n", TrLabel(lang, "compute.flag", f));
  fmt::print("{}\n", Trf(lang, "compute.scratch_vs_ft", r.gpu, r.claim.mfu * 100));
  for (const ComputeRow& c : r.comparison) {
    fmt::print("{}\n", Trf(lang, "compute.row", TrLabel(lang, "compute.row", c.label), Sci(c.tokens), Sci(c.flops),
                           Sci(c.gpu_hours)));
  }
}

}  // namespace

int RunCompute(int argc, char** argv) {
  CLI::App app{"Compute plausibility of a training claim: FLOPs, GPU-hours, implied MFU, cost"};
  CommonFlags common;
  std::string model, params, active, tokens, gpus, days, gpu_hours, price;
  ComputeClaim claim;
  double mfu_percent_or_fraction = kDefaultMfu;
  app.add_option("MODEL", model, "Model directory or config.json to count parameters from");
  app.add_option("--params", params, "Total parameters, e.g. 102.6B");
  app.add_option("--active", active, "Active parameters per token (MoE), e.g. 12B");
  app.add_option("--tokens", tokens, "Training tokens, e.g. 19.7T")->required();
  app.add_option("--gpu", claim.gpu, "A100|H100|H800|H200|B200|MI300X|TPUv5p");
  app.add_option("--gpus", gpus, "Number of GPUs in the claimed cluster");
  app.add_option("--days", days, "Claimed wall-clock days");
  app.add_option("--gpu-hours", gpu_hours, "Claimed GPU-hours, e.g. 2.788M");
  app.add_option("--mfu", mfu_percent_or_fraction, "Assumed model FLOPs utilisation, a fraction in (0, 1]");
  app.add_option("--price", price, "$ per GPU-hour");
  AddCommonFlags(app, &common);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;

  std::optional<double> p_total, p_active, p_tokens, price_v;
  if (!Quantity("params", params, &p_total) || !Quantity("active", active, &p_active) ||
      !Quantity("tokens", tokens, &p_tokens) || !Quantity("gpus", gpus, &claim.gpus) ||
      !Quantity("days", days, &claim.days) || !Quantity("gpu-hours", gpu_hours, &claim.gpu_hours) ||
      !Quantity("price", price, &price_v)) {
    return kExitUsage;
  }
  claim.price = price_v;
  claim.mfu = mfu_percent_or_fraction;
  claim.tokens = p_tokens.value_or(0);

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
  if (claim.active_params == 0) return Fail("compute", "give MODEL or --params/--active", kExitUsage);

  Result<ComputeReport> r = EvaluateCompute(claim);
  if (!r.ok()) return Fail("compute", r.status().message(), kExitUsage);
  if (common.json) {
    nlohmann::json j = ComputeReportJson(*r);
    if (!estimated_from.empty()) notes.insert(notes.begin(), "parameters estimated from " + estimated_from);
    j["notes"] = notes;
    PrintJson(j);
  } else {
    const Lang lang = LangOf(common.lang);
    PrintText(*r, lang);
    if (!estimated_from.empty()) fmt::print("{}\n", Trf(lang, "compute.estimated_from", estimated_from));
    // The estimator's notes are diagnostic detail from arch/param_count (English by contract).
    for (const auto& n : notes) std::printf("  (%s)\n", n.c_str());
  }
  return kExitOk;
}

}  // namespace lineage::cli
