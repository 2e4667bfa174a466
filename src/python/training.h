// The training checks as the CLI runs them, for Python: trajectory, init_check, logs and compute
// call what `lineage trajectory`, `lineage inspect --init-check`, `lineage logs` and
// `lineage compute` call (compare/trajectory_decision.h LoadAndDecideTrajectory,
// training/init_signature.h InitCheck, training/log_checks.h CheckTrainingLogs,
// arch/model_compute.h EvaluateModelCompute) and return the document their --json prints.
//
// Contract: as python/analyses.h. Quantities (vocab_size, tokens, params, ...) are numbers or the
// CLI's text ("19.7T", arch/compute.h ParseQuantity); bad text is an InvalidArgumentError naming
// the argument. trajectory reports progress and is cancelled by Ctrl-C (python/interrupt.h).
#pragma once

#include <pybind11/pybind11.h>

namespace lineage::python {

void RegisterTraining(pybind11::module_& m);

}  // namespace lineage::python
