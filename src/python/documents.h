// What every binding shares: model arguments resolved as the CLI resolves them (io/hub/resolve.h,
// the hub options from the environment; a local path stays local), and JSON documents handed to
// Python as the CLI prints them (json.loads of the same encoder's text).
//
// Contract: Resolve is thread-safe (it runs on workers, without the GIL); Dump too. ToPython needs
// the GIL.
#pragma once

#include <string>

#include <pybind11/pybind11.h>

#include "io/model_location.h"
#include "util/status.h"

namespace lineage::python {

Result<ModelLocation> Resolve(const std::string& arg);

// The text of a document (nlohmann::json or ordered_json), invalid UTF-8 replaced.
template <typename J>
std::string Dump(const J& j) {
  return j.dump(2, ' ', false, J::error_handler_t::replace);
}

// A document's text as Python dicts and lists.
pybind11::object ToPython(const std::string& json_text);

}  // namespace lineage::python
