// Role names and the small accessors of ModelTensor and Model. See model.h.
#include <algorithm>

#include "model/model.h"

namespace lineage {

bool IsResidualNormRole(Role r) {
  return r == Role::kAttnNorm || r == Role::kMlpNorm || r == Role::kFinalNorm ||
         r == Role::kPostAttnNorm || r == Role::kPostMlpNorm;
}

bool IsNormRole(Role r) {
  return IsResidualNormRole(r) || r == Role::kQNorm || r == Role::kKNorm || r == Role::kQANorm ||
         r == Role::kKVANorm;
}

const char* RoleName(Role r) {
  switch (r) {
    case Role::kOther:
      return "other";
    case Role::kEmbed:
      return "embed";
    case Role::kLmHead:
      return "lm_head";
    case Role::kFinalNorm:
      return "final_norm";
    case Role::kAttnNorm:
      return "attn_norm";
    case Role::kMlpNorm:
      return "mlp_norm";
    case Role::kPostAttnNorm:
      return "post_attn_norm";
    case Role::kPostMlpNorm:
      return "post_mlp_norm";
    case Role::kQ:
      return "q";
    case Role::kK:
      return "k";
    case Role::kV:
      return "v";
    case Role::kO:
      return "o";
    case Role::kQNorm:
      return "q_norm";
    case Role::kKNorm:
      return "k_norm";
    case Role::kQA:
      return "q_a";
    case Role::kQANorm:
      return "q_a_norm";
    case Role::kQB:
      return "q_b";
    case Role::kKVA:
      return "kv_a";
    case Role::kKVANorm:
      return "kv_a_norm";
    case Role::kKVB:
      return "kv_b";
    case Role::kGate:
      return "gate";
    case Role::kUp:
      return "up";
    case Role::kDown:
      return "down";
    case Role::kRouter:
      return "router";
    case Role::kRouterBias:
      return "router_bias";
    case Role::kPosEmbed:
      return "pos_embed";
  }
  return "other";
}

uint64_t ModelTensor::rows() const {
  uint64_t r = 1;
  for (size_t i = 0; i + 1 < shape.size(); ++i) r *= shape[i];
  return r;
}

uint64_t ModelTensor::cols() const {
  if (shape.empty()) return 1;
  return shape.back();
}

uint64_t ModelTensor::numel() const {
  uint64_t n = 1;
  for (uint64_t d : shape) n *= d;
  return n;
}

const ModelTensor* Model::Find(Role role, int layer, int expert, bool bias) const {
  for (const ModelTensor& t : tensors) {
    if (t.role == role && t.layer == layer && t.expert == expert && t.bias == bias &&
        !t.shared_expert && t.component == "trunk") {
      return &t;
    }
  }
  return nullptr;
}

std::vector<const ModelTensor*> Model::Blocks(Role role) const {
  std::vector<const ModelTensor*> out;
  for (int l = 0; l < num_layers(); ++l) {
    if (const ModelTensor* t = Find(role, l)) out.push_back(t);
  }
  return out;
}

int Model::num_layers() const {
  int n = 0;
  for (const ModelTensor& t : tensors) {
    if (t.component == "trunk" && t.layer >= n) n = t.layer + 1;
  }
  return n;
}

}  // namespace lineage
