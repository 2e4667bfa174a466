// JSON form of a WeightsResult (the `lineage weights --json` contract; scripts rely on the keys
// `verdict`, `derivation`, `log10_p`, `components`, `block_map`; everything else may grow).
//
// Contract: pure; numbers are finite (log10 p is never -inf); deterministic key order.
#pragma once

#include <nlohmann/json.hpp>

#include "weights/pair_analysis.h"

namespace lineage {

nlohmann::ordered_json WeightsResultToJson(const WeightsResult& r);
nlohmann::ordered_json FindingToJson(const Finding& f);

}  // namespace lineage
