#include "python/documents.h"

#include <cstdlib>

#include "io/hub/resolve.h"

namespace lineage::python {

Result<ModelLocation> Resolve(const std::string& arg) {
  return ResolveModel(arg, HubOptionsFromEnvironment(std::getenv));
}

pybind11::object ToPython(const std::string& json_text) {
  return pybind11::module_::import("json").attr("loads")(json_text);
}

}  // namespace lineage::python
