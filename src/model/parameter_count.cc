// CountParameters: totals by role and component, and MoE active parameters per token.
#include "model/model.h"
#include "model/model_config.h"

namespace lineage {

ParameterCount CountParameters(const Model& m) {
  ParameterCount pc;
  uint64_t routed = 0;
  int max_expert = -1;
  for (const ModelTensor& t : m.tensors) {
    uint64_t n = t.numel();
    pc.total += n;
    std::string role = RoleName(t.role);
    if (t.expert >= 0)
      role = "expert." + role;
    else if (t.shared_expert)
      role = "shared_expert." + role;
    pc.by_role[role] += n;
    pc.by_component[t.component] += n;
    if (t.expert >= 0 && !t.shared_expert) {
      routed += n;
      if (t.expert > max_expert) max_expert = t.expert;
    }
  }
  if (routed == 0) {
    pc.active = pc.total;
    return pc;
  }
  // Each token uses k of E routed experts; shared experts, attention and embeddings always run.
  Geometry g = m.config ? GeometryFromConfig(*m.config) : Geometry{};
  uint64_t experts =
      g.routed_experts > 0 ? g.routed_experts : static_cast<uint64_t>(max_expert + 1);
  uint64_t k = g.experts_per_token;
  if (k == 0 || k > experts) return pc;  // unknown: say nothing rather than guess
  // routed × (1 − k/E), computed per expert to stay exact in integers.
  uint64_t idle = routed / experts * (experts - k) + routed % experts * (experts - k) / experts;
  pc.active = pc.total - idle;
  return pc;
}

}  // namespace lineage
