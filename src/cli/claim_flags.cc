#include "cli/claim_flags.h"

namespace lineage::cli {

CLI::Option* AddClaimFlags(CLI::App& app, ClaimFlags* f, const std::string& tokens_flag) {
  app.add_option("--params", f->params, "help.opt.params");
  app.add_option("--active", f->active, "help.opt.active");
  app.add_option("--gpu", f->gpu, "help.opt.gpu");
  app.add_option("--gpus", f->gpus, "help.opt.gpus");
  app.add_option("--days", f->days, "help.opt.days");
  app.add_option("--gpu-hours", f->gpu_hours, "help.opt.gpu_hours");
  app.add_option("--mfu", f->mfu, "help.opt.mfu");
  app.add_option("--price", f->price, "help.opt.price");
  return app.add_option(tokens_flag, f->tokens, "help.opt.tokens");
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
