// JSON report of a CompareResult: the versioned schema of docs/JSON_SCHEMA.md
// (docs/schema/compare.schema.json), for pipelines.
//
// Contract: deterministic — the same CompareResult gives byte-identical output (keys in a fixed
// order, shortest round-trip numbers, no timestamp unless the result carries one). Ids and labels
// are language-neutral; only the "*_text" fields and statements follow `lang`. Non-finite numbers
// become null. Pure function; thread-safe.
#pragma once

#include <string>

#include "evidence/compare_result.h"
#include "report/catalog.h"

namespace lineage {

std::string RenderJson(const CompareResult& result, Lang lang);

}  // namespace lineage
