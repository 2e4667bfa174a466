#include "python/training.h"

#include <optional>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "arch/compute.h"
#include "arch/model_compute.h"
#include "compare/trajectory_decision.h"
#include "model/model.h"
#include "python/documents.h"
#include "python/errors.h"
#include "python/interrupt.h"
#include "report/catalog.h"
#include "training/init_signature.h"
#include "training/log_checks.h"
#include "training/log_reader.h"
#include "training/trajectory.h"

namespace lineage::python {

namespace py = pybind11;

namespace {

// A quantity argument: None, a number, or the CLI's text ("19.7T").
std::optional<double> Quantity(const char* name, const py::object& v, Lang lang) {
  if (v.is_none()) return std::nullopt;
  if (!py::isinstance<py::str>(v)) return v.cast<double>();
  Result<double> q = ParseQuantity(v.cast<std::string>());
  if (!q.ok()) ThrowStatus(InvalidArgument(std::string(name) + ": " + q.status().message()), lang);
  return *q;
}

Result<std::string> TrajectoryText(const std::vector<std::string>& checkpoints,
                                   const std::vector<std::string>& against,
                                   const TrajectoryOptions& options) {
  std::vector<ModelLocation> c, b;
  for (const std::string& p : checkpoints) {
    LINEAGE_ASSIGN_OR_RETURN(ModelLocation loc, Resolve(p));
    c.push_back(std::move(loc));
  }
  for (const std::string& p : against) {
    LINEAGE_ASSIGN_OR_RETURN(ModelLocation loc, Resolve(p));
    b.push_back(std::move(loc));
  }
  LINEAGE_ASSIGN_OR_RETURN(TrajectoryResult r, LoadAndDecideTrajectory(c, b, options));
  return Dump(TrajectoryJson(r));
}

py::object Trajectory(const std::vector<std::string>& checkpoints,
                      const std::vector<std::string>& against, unsigned threads, uint64_t seed,
                      const std::string& lang, const py::object& progress) {
  const Lang lg = ParseLangOrThrow(lang);
  if (checkpoints.size() < 2) {
    ThrowStatus(InvalidArgument(std::string(Tr(lg, "trajectory.two_needed"))), lg);
  }
  TrajectoryOptions options;
  options.threads = threads;
  options.weights.seed = seed;
  options.init.seed = seed;
  Result<std::string> text =
      RunInterruptibleFor<Result<std::string>>(progress, [=](const WorkHooks& hooks) mutable {
        options.weights.progress = hooks.progress_bar;
        options.weights.progress_sink = hooks.progress_sink;
        options.weights.cancel = hooks.cancel;
        return TrajectoryText(checkpoints, against, options);
      });
  return ToPython(ValueOrThrow(std::move(text), lg));
}

Result<std::string> InitCheckText(const std::string& path, unsigned threads) {
  LINEAGE_ASSIGN_OR_RETURN(ModelLocation loc, Resolve(path));
  LINEAGE_ASSIGN_OR_RETURN(Model m, LoadModel(loc));
  InitCheckOptions options;
  options.threads = threads;
  LINEAGE_ASSIGN_OR_RETURN(InitCheckResult r, InitCheck(m, options));
  return Dump(InitCheckJson(r, m.path));
}

py::object InitCheckDoc(const std::string& model, unsigned threads, const std::string& lang) {
  const Lang lg = ParseLangOrThrow(lang);
  Result<std::string> text =
      RunInterruptibleFor<Result<std::string>>([=] { return InitCheckText(model, threads); });
  return ToPython(ValueOrThrow(std::move(text), lg));
}

Result<std::string> LogsText(const std::vector<std::string>& files, const LogCheckOptions& opt) {
  std::vector<TrainingLog> logs;
  for (const std::string& f : files) {
    LINEAGE_ASSIGN_OR_RETURN(TrainingLog l, ReadTrainingLog(f));
    logs.push_back(std::move(l));
  }
  LINEAGE_ASSIGN_OR_RETURN(LogReport r, CheckTrainingLogs(logs, opt));
  return Dump(LogsJson(r, logs));
}

py::object Logs(const std::vector<std::string>& files, const py::object& vocab_size,
                const py::object& claimed_tokens, const py::object& tokens_per_step,
                const std::string& lang) {
  const Lang lg = ParseLangOrThrow(lang);
  if (files.empty()) ThrowStatus(InvalidArgument("logs: no log file given"), lg);
  LogCheckOptions opt;
  opt.vocab_size = Quantity("vocab_size", vocab_size, lg);
  opt.claimed_tokens = Quantity("claimed_tokens", claimed_tokens, lg);
  opt.tokens_per_step = Quantity("tokens_per_step", tokens_per_step, lg);
  Result<std::string> text =
      RunInterruptibleFor<Result<std::string>>([=] { return LogsText(files, opt); });
  return ToPython(ValueOrThrow(std::move(text), lg));
}

struct ComputeArgs {
  std::string model;
  py::object tokens, params, active, gpus, days, gpu_hours, price;
  std::string gpu;
  double mfu = kDefaultMfu;
};

py::object Compute(const ComputeArgs& a, const std::string& lang) {
  const Lang lg = ParseLangOrThrow(lang);
  ComputeClaim claim;
  claim.tokens = Quantity("tokens", a.tokens, lg).value_or(0);
  claim.gpus = Quantity("gpus", a.gpus, lg);
  claim.days = Quantity("days", a.days, lg);
  claim.gpu_hours = Quantity("gpu_hours", a.gpu_hours, lg);
  claim.price = Quantity("price", a.price, lg);
  claim.gpu = a.gpu;
  claim.mfu = a.mfu;
  const std::optional<double> total = Quantity("params", a.params, lg);
  const std::optional<double> active = Quantity("active", a.active, lg);
  bool config_error = false;
  Result<ModelCompute> r = EvaluateModelCompute(a.model, claim, total, active, &config_error);
  return ToPython(Dump(ModelComputeJson(ValueOrThrow(std::move(r), lg))));
}

}  // namespace

void RegisterTraining(py::module_& m) {
  using py::arg;
  const std::vector<std::string> none;
  m.def("trajectory", &Trajectory, arg("checkpoints"), py::kw_only(), arg("against") = none,
        arg("threads") = 0u, arg("seed") = TrajectoryOptions{}.weights.seed, arg("lang") = "en",
        arg("progress") = py::none());
  m.def("init_check", &InitCheckDoc, arg("model"), py::kw_only(), arg("threads") = 0u,
        arg("lang") = "en");
  m.def("logs", &Logs, arg("files"), py::kw_only(), arg("vocab_size") = py::none(),
        arg("claimed_tokens") = py::none(), arg("tokens_per_step") = py::none(),
        arg("lang") = "en");
  m.def(
      "compute",
      [](const std::string& model, const py::object& tokens, const py::object& params,
         const py::object& active, const py::object& gpus, const std::string& gpu,
         const py::object& days, const py::object& gpu_hours, double mfu, const py::object& price,
         const std::string& lang) {
        return Compute(
            ComputeArgs{model, tokens, params, active, gpus, days, gpu_hours, price, gpu, mfu},
            lang);
      },
      arg("model") = "", py::kw_only(), arg("tokens"), arg("params") = py::none(),
      arg("active") = py::none(), arg("gpus") = py::none(), arg("gpu") = "",
      arg("days") = py::none(), arg("gpu_hours") = py::none(), arg("mfu") = kDefaultMfu,
      arg("price") = py::none(), arg("lang") = "en");
}

}  // namespace lineage::python
