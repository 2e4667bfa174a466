// JSON form of one weights comparison (the `lineage weights --json` contract; scripts rely on the
// keys `verdict`, `derivation`, `log10_p`, `components`, `block_map`; everything else may grow).
// The verdict, derivation, log10_p and components come from the decided PairResult
// (verdict/decide.h), the statistics from the WeightsResult: nothing is decided here.
//
// Contract: pure; numbers are finite (log10 p is never -inf); deterministic key order.
#pragma once

#include <nlohmann/json.hpp>

#include "verdict/result.h"
#include "weights/pair_analysis.h"

namespace lineage {

nlohmann::ordered_json WeightsResultToJson(const WeightsResult& r, const PairResult& decided);
nlohmann::ordered_json FindingToJson(const Finding& f);

}  // namespace lineage
