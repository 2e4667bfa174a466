// Compute plausibility of a training claim (METHODS.md §9).
//
// Contract:
//   - Training FLOPs C = 6 * N_active * D: the standard approximation (forward 2N + backward 4N
//     per token), which ignores attention FLOPs at long context and activation recomputation.
//   - GPU-hours = C / (peak * MFU * 3600), a lower bound: real runs also restart, evaluate, idle.
//   - Peaks are dense BF16 tensor FLOP/s per accelerator from vendor data sheets (no sparsity);
//     see GpuTable() and docs/ARCHITECTURE.md ("Architecture lineage").
//   - Implied MFU = C / (claimed GPU-hours * 3600 * peak). Above kCredibleMfu is flagged as not
//     credible; above 1 as impossible.
//   - "fits a fine-tune, not pretraining": at kCredibleMfu the claimed budget cannot process
//     kChinchillaTokensPerParam * N_total tokens (the compute-optimal minimum for pretraining).
//   - Inputs are validated (positive, finite, MFU in (0, 1], active <= total); violations are
//     InvalidArgument, which the CLI maps to a usage error. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace lineage {

constexpr double kCredibleMfu = 0.60;
constexpr double kDefaultMfu = 0.40;
constexpr double kChinchillaTokensPerParam = 20.0;

struct GpuSpec {
  const char* name;
  double peak_flops;  // dense BF16, FLOP/s
  const char* basis;  // where the number comes from
};
const std::vector<GpuSpec>& GpuTable();
const GpuSpec* FindGpu(std::string_view name);  // case-insensitive

// "102.6B" -> 1.026e11; accepts k/K, M, B/G, T, P suffixes and plain or exponent numbers.
// Rejects empty, non-numeric, non-finite and trailing garbage.
Result<double> ParseQuantity(std::string_view text);

struct ComputeClaim {
  double total_params = 0;  // 0 = same as active
  double active_params = 0;
  double tokens = 0;
  std::string gpu;  // empty: H100 is used as the reference for GPU-hours
  std::optional<double> gpus;
  std::optional<double> days;
  std::optional<double> gpu_hours;
  double mfu = kDefaultMfu;
  std::optional<double> price;  // $ per GPU-hour
};

struct ComputeRow {   // one line of the from-scratch vs fine-tune table
  std::string label;  // "from-scratch", "fine-tune-1B", ...
  double tokens = 0;
  double flops = 0;
  double gpu_hours = 0;  // at the stated MFU on the reference GPU
};

struct ComputeReport {
  ComputeClaim claim;
  std::string gpu;  // GPU used for hours (claimed or reference)
  bool gpu_is_reference = false;
  double peak_flops = 0;
  double flops = 0;
  double gpu_hours = 0;  // needed at claim.mfu
  std::optional<double> claimed_gpu_hours;
  std::optional<double> implied_mfu;
  std::optional<double> cost;               // at claimed hours if any, else at needed hours
  std::optional<double> tokens_affordable;  // at kCredibleMfu within the claimed budget
  std::vector<std::string> flags;           // ids: "mfu-not-credible", "mfu-impossible",
                                   // "fits-fine-tune-not-pretraining", "few-tokens-per-param"
  std::vector<ComputeRow> comparison;
};

Result<ComputeReport> EvaluateCompute(const ComputeClaim& claim);

nlohmann::json ComputeReportJson(const ComputeReport& r);

}  // namespace lineage
