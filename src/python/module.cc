// The extension module `lineage._lineage`, wrapped by the package lineage/__init__.py.
#include <pybind11/pybind11.h>

#include "python/analyses.h"
#include "python/errors.h"
#include "python/interrupt.h"
#include "python/model_object.h"
#include "python/tokenizer_object.h"
#include "python/training.h"

PYBIND11_MODULE(_lineage, m) {
  m.doc() = "lineage: evidence of whether a language model was derived from another";
  lineage::python::RegisterErrors(m);
  lineage::python::RegisterInterrupt(m);
  lineage::python::RegisterAnalyses(m);
  lineage::python::RegisterModel(m);
  lineage::python::RegisterTokenizer(m);
  lineage::python::RegisterTraining(m);
}
