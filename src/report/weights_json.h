// JSON form of one weights comparison (the `lineage weights --json` contract; scripts rely on the
// keys `verdict`, `derivation`, `log10_p`, `components`, `block_map`; everything else may grow).
// The verdict, derivation, log10_p and components come from the decided PairResult
// (verdict/decide.h), the statistics from the WeightsResult: nothing is decided here.
//
// Contract: pure; thread-safe; deterministic key order. Findings, components, robust scores and
// block pairs use the one encoder of each (report/evidence_json.h), leaving out absent keys.
// Non-finite numbers are written as null (docs/JSON_SCHEMA.md, weights document version
// kWeightsJsonVersion).
#pragma once

#include <nlohmann/json.hpp>

#include "compare/weights_pair.h"
#include "evidence/compare_result.h"
#include "weights/pair/pair_analysis.h"

namespace lineage {

// MAJOR.MINOR of the `lineage weights --json` document (docs/JSON_SCHEMA.md): 1.1 writes
// non-finite numbers as null where 1.0 wrote ±1e308; 1.2 adds `models` (reading accounting);
// 2.0: `derived` means "shares trained weights", `ancestry` says which came first, and the
// document names its version (`schema_version`).
inline constexpr const char* kWeightsJsonVersion = "2.5";

nlohmann::ordered_json WeightsResultToJson(const WeightsResult& r, const PairResult& decided);

// The whole `lineage weights --json` document: WeightsResultToJson plus `panel` (the trained
// panels used, null when none) and `models` (both models' path and reading accounting).
nlohmann::ordered_json WeightsPairJson(const WeightsPairDecision& d);

}  // namespace lineage
