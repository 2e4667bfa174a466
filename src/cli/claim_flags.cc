#include "cli/claim_flags.h"

namespace lineage::cli {

CLI::Option* AddClaimFlags(CLI::App& app, ClaimFlags* f, const std::string& tokens_flag) {
  app.add_option("--params", f->params, "Total parameters, e.g. 102.6B");
  app.add_option("--active", f->active, "Active parameters per token (MoE), e.g. 12B");
  app.add_option("--gpu", f->gpu, "A100|H100|H800|H200|B200|MI300X|TPUv5p");
  app.add_option("--gpus", f->gpus, "Number of GPUs in the claimed cluster");
  app.add_option("--days", f->days, "Claimed wall-clock days");
  app.add_option("--gpu-hours", f->gpu_hours, "Claimed GPU-hours, e.g. 2.788M");
  app.add_option("--mfu", f->mfu, "Assumed model FLOPs utilisation, a fraction in (0, 1]");
  app.add_option("--price", f->price, "$ per GPU-hour");
  return app.add_option(tokens_flag, f->tokens, "Training tokens, e.g. 19.7T");
}

Result<std::optional<double>> ParseOptionalQuantity(const std::string& flag,
                                                    const std::string& text) {
  if (text.empty()) return std::optional<double>();
  Result<double> v = ParseQuantity(text);
  if (!v.ok()) return InvalidArgument(flag + ": " + v.status().message());
  return std::optional<double>(*v);
}

Result<ParsedClaim> ParseClaimFlags(const CLI::App& app, const ClaimFlags& f,
                                    const std::string& tokens_flag) {
  ParsedClaim p;
  LINEAGE_ASSIGN_OR_RETURN(p.total, ParseOptionalQuantity("--params", f.params));
  LINEAGE_ASSIGN_OR_RETURN(p.active, ParseOptionalQuantity("--active", f.active));
  LINEAGE_ASSIGN_OR_RETURN(p.tokens, ParseOptionalQuantity(tokens_flag, f.tokens));
  LINEAGE_ASSIGN_OR_RETURN(p.claim.gpus, ParseOptionalQuantity("--gpus", f.gpus));
  LINEAGE_ASSIGN_OR_RETURN(p.claim.days, ParseOptionalQuantity("--days", f.days));
  LINEAGE_ASSIGN_OR_RETURN(p.claim.gpu_hours, ParseOptionalQuantity("--gpu-hours", f.gpu_hours));
  LINEAGE_ASSIGN_OR_RETURN(p.claim.price, ParseOptionalQuantity("--price", f.price));
  p.claim.gpu = f.gpu;
  p.claim.mfu = f.mfu;
  p.claim.total_params = p.total.value_or(0);
  p.claim.active_params = p.active.value_or(0);
  p.claim.tokens = p.tokens.value_or(0);
  p.any_claim_flag = p.total || p.active || p.claim.gpus || p.claim.days || p.claim.gpu_hours ||
                     p.claim.price || !f.gpu.empty() || app.count("--mfu") > 0;
  return p;
}

}  // namespace lineage::cli
