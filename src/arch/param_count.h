// Parameter counts from an architecture config alone (no weights needed): total and active per
// token, for dense, MoE (Mixtral, Qwen-MoE, DeepSeek, GLM) and MLA attention.
//
// Contract: an estimate, and it says so. It counts embeddings, the LM head (unless tied),
// attention, FFN/experts/shared experts/routers and RMS/LayerNorm weights; it ignores small
// biases other than declared q/k/v biases, and excludes multi-token-prediction (MTP) layers,
// reported separately. Active parameters count the embedding and head, the attention, dense
// FFNs, top-k experts, shared experts and routers. Refuses configs that lack the sizes or whose
// sizes are absurd (> 1e15 parameters). Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "arch/config.h"
#include "util/status.h"

namespace lineage {

struct ParamEstimate {
  double total = 0;
  double active = 0;
  double embedding = 0;     // input embedding (+ untied LM head)
  double mtp_excluded = 0;  // parameters of MTP layers not counted in total
  bool moe = false;
  std::vector<std::string> notes;
};

Result<ParamEstimate> EstimateParameters(const ArchConfig& c);

}  // namespace lineage
