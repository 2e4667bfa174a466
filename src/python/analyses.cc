#include "python/analyses.h"

#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <pybind11/stl.h>

#include "compare/compare.h"
#include "compare/power_cache.h"
#include "compare/weights_pair.h"
#include "model/model.h"
#include "python/documents.h"
#include "python/errors.h"
#include "python/interrupt.h"
#include "report/html_report.h"
#include "report/inspect_json.h"
#include "report/json_report.h"
#include "report/tokenizer_text.h"
#include "report/weights_json.h"
#include "tokenizer/comparison_json.h"
#include "tokenizer/vocab.h"

namespace lineage::python {

namespace py = pybind11;

namespace {

const char* Env(const char* name) { return std::getenv(name); }

// A finished comparison: the result the reports render from.
struct CompareRun {
  std::shared_ptr<const CompareResult> result;
  Lang lang = Lang::kEn;
  std::string Json() const { return RenderJson(*result, lang); }
  std::string Html() const { return RenderHtml(*result, lang); }
};

Result<CompareResult> CompareModels(const std::string& candidate,
                                    const std::vector<std::string>& bases,
                                    const CompareOptions& options) {
  LINEAGE_ASSIGN_OR_RETURN(ModelLocation c, Resolve(candidate));
  std::vector<ModelLocation> b;
  for (const std::string& base : bases) {
    LINEAGE_ASSIGN_OR_RETURN(ModelLocation loc, Resolve(base));
    b.push_back(std::move(loc));
  }
  return RunCompare(c, b, options);
}

CompareRun Compare(const std::string& candidate, const std::vector<std::string>& bases,
                   unsigned threads, uint64_t seed, const std::string& lang,
                   const py::object& progress, const std::vector<std::string>& panels,
                   const std::vector<std::string>& catalogs) {
  CompareRun run;
  run.lang = ParseLangOrThrow(lang);
  CompareOptions options;
  options.threads = threads;
  options.seed = seed;
  options.panel_files = panels;
  options.catalog_dirs = catalogs;
  options.power_cache_dir = PowerCacheDir(Env);
  Result<CompareResult> r =
      RunInterruptibleFor<Result<CompareResult>>(progress, [=](const WorkHooks& hooks) mutable {
        options.progress = hooks.progress_bar;
        options.progress_sink = hooks.progress_sink;
        options.cancel = hooks.cancel;
        return CompareModels(candidate, bases, options);
      });
  run.result = std::make_shared<const CompareResult>(ValueOrThrow(std::move(r), run.lang));
  return run;
}

Result<std::string> WeightsJson(const std::string& a, const std::string& b,
                                const std::vector<std::string>& panel_files,
                                const WeightsPairOptions& options) {
  LINEAGE_ASSIGN_OR_RETURN(CalibrationPanels panels, LoadShippedAndUserPanels(panel_files));
  LINEAGE_ASSIGN_OR_RETURN(ModelLocation la, Resolve(a));
  LINEAGE_ASSIGN_OR_RETURN(ModelLocation lb, Resolve(b));
  LINEAGE_ASSIGN_OR_RETURN(WeightsPairDecision d, RunWeightsPair(la, lb, panels, options));
  return Dump(WeightsPairJson(d));
}

py::object Weights(const std::string& a, const std::string& b, unsigned threads, uint64_t seed,
                   const std::string& lang, const py::object& progress,
                   const std::vector<std::string>& panels) {
  const Lang lg = ParseLangOrThrow(lang);
  WeightsPairOptions options;
  options.threads = threads;
  options.weights.seed = seed;
  options.power_cache_dir = PowerCacheDir(Env);
  Result<std::string> text =
      RunInterruptibleFor<Result<std::string>>(progress, [=](const WorkHooks& hooks) mutable {
        options.weights.progress = hooks.progress_bar;
        options.weights.progress_sink = hooks.progress_sink;
        options.weights.cancel = hooks.cancel;
        return WeightsJson(a, b, panels, options);
      });
  return ToPython(ValueOrThrow(std::move(text), lg));
}

Result<std::string> TokenizerJson(const std::string& a, const std::string& b, Lang lang) {
  LINEAGE_ASSIGN_OR_RETURN(ModelLocation la, Resolve(a));
  LINEAGE_ASSIGN_OR_RETURN(ModelLocation lb, Resolve(b));
  LINEAGE_ASSIGN_OR_RETURN(Vocab va, LoadVocab(la.path));
  LINEAGE_ASSIGN_OR_RETURN(Vocab vb, LoadVocab(lb.path));
  const TokenizerComparison c = CompareVocabs(va, vb);
  return Dump(TokenizerComparisonJson(c, TokenizerExplanation(c, lang)));
}

py::object Tokenizer(const std::string& a, const std::string& b, const std::string& lang) {
  const Lang lg = ParseLangOrThrow(lang);
  Result<std::string> text =
      RunInterruptibleFor<Result<std::string>>([=] { return TokenizerJson(a, b, lg); });
  return ToPython(ValueOrThrow(std::move(text), lg));
}

Result<std::string> InspectText(const std::string& path) {
  LINEAGE_ASSIGN_OR_RETURN(ModelLocation loc, Resolve(path));
  LINEAGE_ASSIGN_OR_RETURN(Model m, LoadModel(loc));
  return Dump(InspectJson(m));
}

py::object Inspect(const std::string& path, const std::string& lang) {
  const Lang lg = ParseLangOrThrow(lang);
  Result<std::string> text =
      RunInterruptibleFor<Result<std::string>>([=] { return InspectText(path); });
  return ToPython(ValueOrThrow(std::move(text), lg));
}

}  // namespace

void RegisterAnalyses(py::module_& m) {
  using py::arg;
  const std::vector<std::string> none;
  py::class_<CompareRun>(m, "_CompareRun")
      .def("json", &CompareRun::Json, "The `lineage compare --json` document (text)")
      .def("html", &CompareRun::Html, "The offline HTML report (text)");
  m.def("compare", &Compare, arg("candidate"), arg("bases"), py::kw_only(), arg("threads") = 0u,
        arg("seed") = CompareOptions().seed, arg("lang") = "en", arg("progress") = py::none(),
        arg("panels") = none, arg("catalogs") = none);
  m.def("weights", &Weights, arg("candidate"), arg("base"), py::kw_only(), arg("threads") = 0u,
        arg("seed") = WeightsOptions().seed, arg("lang") = "en", arg("progress") = py::none(),
        arg("panels") = none);
  m.def("tokenizer", &Tokenizer, arg("a"), arg("b"), py::kw_only(), arg("lang") = "en");
  m.def("inspect", &Inspect, arg("model"), py::kw_only(), arg("lang") = "en");
}

}  // namespace lineage::python
