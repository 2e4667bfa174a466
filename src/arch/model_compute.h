// What `lineage compute` evaluates (METHODS.md §9): a claim whose parameter counts are estimated
// from a model's config (arch/param_count.h) unless given, run through EvaluateCompute, and its
// --json document. One implementation for the CLI and the Python module.
//
// Contract: reads only the config at `model`; thread-safe. Parameter counts given win over the
// estimate; active defaults to total. Errors: a config that cannot be read or estimated is
// returned as it is, with *config_error set (the CLI's bad input); no parameter count at all, or
// an invalid claim, is InvalidArgument (the CLI's usage error).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arch/compute.h"
#include "util/status.h"

namespace lineage {

struct ModelCompute {
  ComputeReport report;
  std::vector<std::string> notes;  // the estimator's notes (English by contract)
  std::string estimated_from;      // the config the counts came from ("" without a model)
};

// `model` "" for none; `claim`'s parameter counts are replaced.
Result<ModelCompute> EvaluateModelCompute(const std::string& model, ComputeClaim claim,
                                          std::optional<double> total, std::optional<double> active,
                                          bool* config_error);

// The `lineage compute --json` document: ComputeReportJson with the notes, the first naming the
// config the counts were estimated from.
nlohmann::json ModelComputeJson(const ModelCompute& c);

}  // namespace lineage
