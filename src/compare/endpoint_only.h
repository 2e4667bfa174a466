// Endpoint-only models in `lineage compare` (issue #14, METHODS §15.2): a model argument that is
// only an --endpoint LABEL, with no local files and no hub reference, is known by its answers
// alone. There are no weights, tokenizer or configuration to read, so for every pair it is part
// of, the weight, tokenizer and architecture evidence is "not available": the pair's verdict is
// inconclusive (reason.no_weight_evidence) with limitation.endpoint_only, never a number. The
// behaviour section may explain the inconclusive; it never makes it `derived` (METHODS §15).
//
// Contract: plain functions on plain values; no I/O; thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "compare/compare.h"
#include "evidence/compare_result.h"

namespace lineage {

// A model read from nowhere: label and path are `arg`, nothing read, endpoint_only set.
ModelRef EndpointOnlyModel(const std::string& arg);

// A model named on the command line but not read because the other side has no weights: label
// ModelLabel(arg), path `arg`, nothing read (the reading line says so).
ModelRef UnreadModel(const std::string& arg);

// The pair of `base_label` when either side is endpoint-only: inconclusive, nothing compared.
PairResult EndpointOnlyPair(const std::string& base_label);

// Adds the endpoint-only bases (their arguments, in order) after the bases `r` compared, with
// their pairs, and ranks again (verdict/ranking.h).
void AddEndpointOnlyBases(const std::vector<std::string>& args, CompareResult* r);

// The whole result when no weight pair can be compared (the candidate is endpoint-only, or
// every base is): every base gets EndpointOnlyPair. `endpoint_only[i]` says whether args[i]
// (candidate first, then the bases) is endpoint-only.
CompareResult EndpointOnlyCompare(const std::vector<std::string>& args,
                                  const std::vector<bool>& endpoint_only,
                                  const CompareOptions& options);

}  // namespace lineage
