#include "arch/model_compute.h"

#include <utility>

#include "arch/config.h"
#include "arch/param_count.h"

namespace lineage {

Result<ModelCompute> EvaluateModelCompute(const std::string& model, ComputeClaim claim,
                                          std::optional<double> total, std::optional<double> active,
                                          bool* config_error) {
  *config_error = false;
  ModelCompute out;
  claim.total_params = 0;
  claim.active_params = 0;
  if (!model.empty()) {
    Result<ArchConfig> cfg = LoadArchConfig(model);
    Result<ParamEstimate> est =
        cfg.ok() ? EstimateParameters(*cfg) : Result<ParamEstimate>(cfg.status());
    if (!est.ok()) {
      *config_error = true;
      return est.status();
    }
    claim.total_params = est->total;
    claim.active_params = est->active;
    out.notes = est->notes;
    out.estimated_from = cfg->source;
  }
  if (total) claim.total_params = *total;
  if (active) claim.active_params = *active;
  if (claim.active_params == 0) claim.active_params = claim.total_params;
  if (claim.active_params == 0) return InvalidArgument("give MODEL or --params/--active");
  LINEAGE_ASSIGN_OR_RETURN(out.report, EvaluateCompute(claim));
  return out;
}

nlohmann::json ModelComputeJson(const ModelCompute& c) {
  nlohmann::json j = ComputeReportJson(c.report);
  std::vector<std::string> notes = c.notes;
  if (!c.estimated_from.empty()) {
    notes.insert(notes.begin(), "parameters estimated from " + c.estimated_from);
  }
  j["notes"] = notes;
  return j;
}

}  // namespace lineage
