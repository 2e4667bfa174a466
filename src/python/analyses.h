// The analyses as the CLI runs them, for Python: compare, weights, tokenizer and inspect call the
// functions their commands call (compare/compare.h RunCompare, compare/weights_pair.h
// RunWeightsPair, tokenizer/compare.h CompareVocabs, report/inspect_json.h InspectJson) and return
// the document the command's --json prints, as Python dicts and lists (json.loads of the same
// encoder's text). compare returns a _CompareRun that keeps the CompareResult, so that the package
// can also render it as the HTML report.
//
// Contract: models are resolved as the CLI resolves them (io/hub/resolve.h, the hub options from
// the environment; a local path stays local). Work runs without the GIL and can be interrupted
// (python/interrupt.h). Errors raise lineage.Error subclasses (python/errors.h) with the CLI's
// messages in the call's `lang`.
#pragma once

#include <pybind11/pybind11.h>

namespace lineage::python {

void RegisterAnalyses(pybind11::module_& m);

}  // namespace lineage::python
