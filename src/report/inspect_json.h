// JSON of what a checkpoint holds, from its headers alone: the `lineage inspect --json` document.
// Keys relied on by scripts: format, parameters.total, parameters.active, tensors[] (name, role,
// layer, dtype, shape), vocab_size, architecture.
//
// Contract: reads nothing beyond what LoadModel read (parameter counts and the tokenizer's
// description come from headers and small JSON files); `bytes_read` is the model's accounting at
// the time of the call. Deterministic; thread-safe for a loaded Model.
#pragma once

#include <nlohmann/json.hpp>

#include "model/model.h"

namespace lineage {

nlohmann::json InspectJson(const Model& m);

}  // namespace lineage
