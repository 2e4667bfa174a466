#include "arch/compute.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

namespace lineage {

const std::vector<GpuSpec>& GpuTable() {
  static const std::vector<GpuSpec> kTable = {
      {"A100", 312e12, "NVIDIA A100 SXM data sheet, dense BF16"},
      {"H100", 989e12, "NVIDIA H100 SXM data sheet, dense BF16 (1979 TFLOP/s with sparsity)"},
      {"H800", 989e12, "H100 SXM compute with reduced interconnect; dense BF16"},
      {"H200", 989e12, "NVIDIA H200 data sheet, dense BF16 (same SM as H100)"},
      {"B200", 2.25e15, "NVIDIA B200 (HGX) data sheet, dense BF16"},
      {"MI300X", 1307e12, "AMD Instinct MI300X data sheet, dense BF16"},
      {"TPUv5p", 459e12, "Google Cloud TPU v5p documentation, BF16 per chip"},
  };
  return kTable;
}

const GpuSpec* FindGpu(std::string_view name) {
  for (const GpuSpec& g : GpuTable()) {
    std::string_view n = g.name;
    if (n.size() != name.size()) continue;
    bool eq = true;
    for (size_t i = 0; i < n.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(n[i])) !=
          std::tolower(static_cast<unsigned char>(name[i]))) {
        eq = false;
        break;
      }
    }
    if (eq) return &g;
  }
  return nullptr;
}

Result<double> ParseQuantity(std::string_view text) {
  std::string s(text);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  if (s.empty() || s.size() > 64) return InvalidArgument("'" + s + "' is not a number");
  double mult = 1;
  switch (s.back()) {
    case 'k':
    case 'K':
      mult = 1e3;
      break;
    case 'M':
      mult = 1e6;
      break;
    case 'B':
    case 'G':
      mult = 1e9;
      break;
    case 'T':
      mult = 1e12;
      break;
    case 'P':
      mult = 1e15;
      break;
    default:
      break;
  }
  if (mult != 1) s.pop_back();
  if (s.empty()) return InvalidArgument("'" + std::string(text) + "' is not a number");
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size())
    return InvalidArgument("'" + std::string(text) + "' is not a number");
  v *= mult;
  if (!std::isfinite(v)) return InvalidArgument("'" + std::string(text) + "' is not finite");
  return v;
}

namespace {

Status CheckPositive(const char* what, double v, double max) {
  if (!std::isfinite(v) || v <= 0)
    return InvalidArgument(std::string(what) + " must be a positive number");
  if (v > max) return InvalidArgument(std::string(what) + " is absurdly large");
  return Status::Ok();
}

}  // namespace

Result<ComputeReport> EvaluateCompute(const ComputeClaim& in) {
  ComputeReport r;
  r.claim = in;
  if (r.claim.total_params == 0) r.claim.total_params = in.active_params;
  LINEAGE_RETURN_IF_ERROR(CheckPositive("active parameters", in.active_params, 1e15));
  LINEAGE_RETURN_IF_ERROR(CheckPositive("total parameters", r.claim.total_params, 1e15));
  LINEAGE_RETURN_IF_ERROR(CheckPositive("tokens", in.tokens, 1e18));
  if (in.active_params > r.claim.total_params * (1 + 1e-9)) {
    return InvalidArgument("active parameters exceed total parameters");
  }
  if (!std::isfinite(in.mfu) || in.mfu <= 0 || in.mfu > 1) {
    return InvalidArgument("MFU must be in (0, 1], e.g. 0.4 for 40%");
  }
  if (in.gpus) LINEAGE_RETURN_IF_ERROR(CheckPositive("GPU count", *in.gpus, 1e8));
  if (in.days) LINEAGE_RETURN_IF_ERROR(CheckPositive("days", *in.days, 1e5));
  if (in.gpu_hours) LINEAGE_RETURN_IF_ERROR(CheckPositive("GPU-hours", *in.gpu_hours, 1e13));
  if (in.price && (!std::isfinite(*in.price) || *in.price < 0 || *in.price > 1e6)) {
    return InvalidArgument("price must be a non-negative $/GPU-hour");
  }
  if (in.gpus.has_value() != in.days.has_value()) {
    return InvalidArgument("give both --gpus and --days (or --gpu-hours)");
  }
  if (in.gpus && in.gpu_hours)
    return InvalidArgument("give either --gpus/--days or --gpu-hours, not both");
  const bool cluster = in.gpu_hours.has_value() || in.gpus.has_value();
  if (cluster && in.gpu.empty())
    return InvalidArgument("a claimed cluster needs --gpu to know its peak");

  const GpuSpec* gpu = FindGpu(in.gpu.empty() ? "H100" : in.gpu);
  if (!gpu)
    return InvalidArgument("unknown GPU '" + in.gpu +
                           "' (known: A100 H100 H800 H200 B200 MI300X TPUv5p)");
  r.gpu = gpu->name;
  r.gpu_is_reference = in.gpu.empty();
  r.peak_flops = gpu->peak_flops;

  r.flops = 6.0 * in.active_params * in.tokens;
  r.gpu_hours = r.flops / (r.peak_flops * in.mfu * 3600.0);
  if (cluster) {
    r.claimed_gpu_hours = in.gpu_hours ? *in.gpu_hours : *in.gpus * *in.days * 24.0;
    r.implied_mfu = r.flops / (*r.claimed_gpu_hours * 3600.0 * r.peak_flops);
    r.tokens_affordable =
        *r.claimed_gpu_hours * 3600.0 * r.peak_flops * kCredibleMfu / (6.0 * in.active_params);
    if (*r.implied_mfu > 1.0) {
      r.flags.push_back("mfu-impossible");
    } else if (*r.implied_mfu > kCredibleMfu) {
      r.flags.push_back("mfu-not-credible");
    }
    if (*r.tokens_affordable < kChinchillaTokensPerParam * r.claim.total_params &&
        *r.tokens_affordable < in.tokens) {
      r.flags.push_back("fits-fine-tune-not-pretraining");
    }
  }
  if (in.tokens < kChinchillaTokensPerParam * r.claim.total_params)
    r.flags.push_back("few-tokens-per-param");
  if (in.price) r.cost = *in.price * (r.claimed_gpu_hours ? *r.claimed_gpu_hours : r.gpu_hours);

  // The same model trained from scratch vs adapted: fine-tune budgets are illustrative sizes
  // (supervised fine-tune ~1B tokens, continued pretraining ~100B tokens).
  auto row = [&](const char* label, double tokens) {
    ComputeRow c;
    c.label = label;
    c.tokens = tokens;
    c.flops = 6.0 * in.active_params * tokens;
    c.gpu_hours = c.flops / (r.peak_flops * in.mfu * 3600.0);
    r.comparison.push_back(c);
  };
  row("from-scratch", in.tokens);
  row("from-scratch-chinchilla-minimum", kChinchillaTokensPerParam * r.claim.total_params);
  row("continued-pretraining-100B", 100e9);
  row("fine-tune-1B", 1e9);
  return r;
}

nlohmann::json ComputeReportJson(const ComputeReport& r) {
  using nlohmann::json;
  auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  json j;
  j["flops"] = r.flops;
  j["flops_formula"] =
      "6 * N_active * D (approximation: ignores attention at long context and recomputation)";
  j["gpu_hours"] = r.gpu_hours;
  j["gpu_hours_is_lower_bound"] = true;
  j["gpu"] = r.gpu;
  j["gpu_is_reference"] = r.gpu_is_reference;
  j["peak_flops"] = r.peak_flops;
  j["mfu"] = r.claim.mfu;
  j["params_total"] = r.claim.total_params;
  j["params_active"] = r.claim.active_params;
  j["tokens"] = r.claim.tokens;
  j["claimed_gpu_hours"] = opt(r.claimed_gpu_hours);
  j["implied_mfu"] = opt(r.implied_mfu);
  j["cost"] = opt(r.cost);
  j["tokens_affordable_at_credible_mfu"] = opt(r.tokens_affordable);
  j["flags"] = r.flags;
  j["comparison"] = json::array();
  for (const ComputeRow& c : r.comparison) {
    j["comparison"].push_back(
        {{"label", c.label}, {"tokens", c.tokens}, {"flops", c.flops}, {"gpu_hours", c.gpu_hours}});
  }
  return j;
}

}  // namespace lineage
