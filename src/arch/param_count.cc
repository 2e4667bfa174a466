#include "arch/param_count.h"

#include <cmath>

namespace lineage {
namespace {

double Num(const ArchConfig& c, const std::string& key, double fallback) {
  std::optional<double> v = c.Number(key);
  return v && std::isfinite(*v) && *v >= 0 ? *v : fallback;
}

bool IsTrue(const nlohmann::json* v) { return v && v->is_boolean() && v->get<bool>(); }

// Parameters of one layer's attention block (MLA's low-rank projections, or plain q/k/v/o).
double AttentionPerLayer(const ArchConfig& c, double d, double heads, double kv, double hd) {
  double attn = 0;
  if (c.Get("mla.kv_lora_rank")) {
    const double kvr = Num(c, "mla.kv_lora_rank", 0), qr = Num(c, "mla.q_lora_rank", 0);
    const double nope = Num(c, "mla.qk_nope_head_dim", hd),
                 rope = Num(c, "mla.qk_rope_head_dim", 0);
    const double vdim = Num(c, "mla.v_head_dim", hd);
    attn += qr > 0 ? d * qr + qr + qr * heads * (nope + rope) : d * heads * (nope + rope);
    attn += d * (kvr + rope) + kvr + kvr * heads * (nope + vdim) + heads * vdim * d;
  } else {
    attn += d * heads * hd + 2 * d * kv * hd + heads * hd * d;
    if (IsTrue(c.Get("attention_bias"))) attn += heads * hd + 2 * kv * hd;
  }
  if (IsTrue(c.Get("qk_norm"))) attn += 2 * hd;
  return attn;
}

struct DenseFfn {
  double mats;   // weight matrices per FFN: 3 when gated (GLU), else 2
  double inter;  // intermediate width
  double params;
};

DenseFfn DenseFfnPerLayer(const ArchConfig& c, double d, double inter, ParamEstimate* e) {
  const nlohmann::json* gated_v = c.Get("mlp.gated");
  const bool gated = !(gated_v && gated_v->is_boolean() && !gated_v->get<bool>());
  const double mats = gated ? 3 : 2;
  double dense_inter = inter > 0 ? inter : 4 * d;
  if (inter <= 0) e->notes.push_back("intermediate size not stated: assumed 4 * hidden");
  if (c.family == "qwen") {
    dense_inter = inter / 2;  // Qwen-1 states the sum of its two GLU halves
    e->notes.push_back("Qwen-1 intermediate_size counts both GLU halves: halved");
  }
  return {mats, dense_inter, mats * d * dense_inter};
}

struct MoeLayers {
  double total = 0, active = 0;  // parameters of one MoE FFN: all experts, the routed top-k
  double count = 0;              // layers whose FFN is MoE
};

Result<MoeLayers> CountMoeLayers(const ArchConfig& c, double d, double layers, double experts,
                                 double topk, const DenseFfn& dense) {
  MoeLayers m;
  const double ei = Num(c, "moe.intermediate_size", dense.inter);
  const double expert = dense.mats * d * ei;
  double shared = 0;
  if (double ns = Num(c, "moe.shared_experts", 0); ns > 0) shared = ns * expert;
  if (double si = Num(c, "moe.shared_intermediate_size", 0); si > 0) {
    shared = dense.mats * d * si + d;
  }
  const double router = d * experts;
  m.total = experts * expert + shared + router;
  m.active = topk * expert + shared + router;
  const double first_dense = Num(c, "moe.first_dense_layers", 0);
  const double freq = std::max(1.0, Num(c, "moe.layer_freq", 1));
  const bool qwen_rule = c.family.rfind("qwen", 0) == 0;
  // Layer counts from a hostile config can be huge: count arithmetically, not by looping.
  if (layers > 1e7) return InvalidArgument(c.source + ": absurd layer count");
  for (int64_t l = 0; l < static_cast<int64_t>(layers); ++l) {
    bool is_moe = qwen_rule ? ((l + 1) % static_cast<int64_t>(freq) == 0)
                            : (l >= first_dense && l % static_cast<int64_t>(freq) == 0);
    if (is_moe) ++m.count;
  }
  if (const nlohmann::json* only = c.Get("moe.mlp_only_layers"); only && only->is_array()) {
    m.count = std::max(0.0, m.count - static_cast<double>(only->size()));
  }
  return m;
}

// Token embedding, LM head unless tied, and learned positions.
double EmbeddingParams(const ArchConfig& c, double d, double vocab, ParamEstimate* e) {
  const nlohmann::json* tie = c.Get("tie_embeddings");
  const bool tied = tie && tie->is_boolean() && tie->get<bool>();
  if (!tie) e->notes.push_back("tie_word_embeddings not stated: LM head counted as untied");
  double embed = vocab * d * (tied ? 1 : 2);
  if (const nlohmann::json* pos = c.Get("position.type"); pos && *pos == "learned") {
    embed += Num(c, "max_position", 0) * d;
  }
  return embed;
}

}  // namespace

Result<ParamEstimate> EstimateParameters(const ArchConfig& c) {
  ParamEstimate e;
  const double d = Num(c, "hidden_size", 0), layers = Num(c, "num_layers", 0);
  const double vocab = Num(c, "vocab_size", 0), heads = Num(c, "num_heads", 0);
  const double inter = Num(c, "intermediate_size", 0);
  if (d <= 0 || layers <= 0 || vocab <= 0 || heads <= 0) {
    return InvalidArgument(c.source +
                           ": config lacks hidden size, layer count, vocabulary or heads; "
                           "cannot count parameters");
  }
  const double kv = Num(c, "num_kv_heads", heads);
  const double hd = Num(c, "head_dim", d / heads);
  const double attn = AttentionPerLayer(c, d, heads, kv, hd);
  const DenseFfn dense = DenseFfnPerLayer(c, d, inter, &e);
  const double dense_ffn = dense.params;

  const double experts = Num(c, "moe.num_experts", 0);
  const double topk = Num(c, "moe.experts_per_token", 0);
  const bool moe = experts > 0 && topk > 0;
  e.moe = moe;
  MoeLayers m;
  if (moe) {
    LINEAGE_ASSIGN_OR_RETURN(m, CountMoeLayers(c, d, layers, experts, topk, dense));
  }
  const double moe_total = m.total, moe_active = m.active, n_moe_layers = m.count;
  const double n_dense_layers = layers - n_moe_layers;
  const double norms = 2 * d;
  const double embed = EmbeddingParams(c, d, vocab, &e);
  e.embedding = embed;

  const double per_layer_common = attn + norms;
  e.total =
      embed + d + layers * per_layer_common + n_dense_layers * dense_ffn + n_moe_layers * moe_total;
  e.active = embed + d + layers * per_layer_common + n_dense_layers * dense_ffn +
             n_moe_layers * moe_active;
  if (double mtp = Num(c, "mtp.layers", 0); mtp > 0) {
    e.mtp_excluded = mtp * (per_layer_common + (moe ? moe_total : dense_ffn) + 2 * d * d + 2 * d);
    e.notes.push_back("multi-token-prediction layers excluded from the total");
  }
  if (!std::isfinite(e.total) || e.total > 1e15) {
    return InvalidArgument(c.source + ": config implies more than 1e15 parameters; refusing");
  }
  return e;
}

}  // namespace lineage
