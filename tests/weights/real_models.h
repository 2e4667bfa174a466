// Test helper: the per-block matrices of the example Llama models (examples/models, see its
// MANIFEST): units [γ⊙G_i, γ⊙U_i] for S1 and probe responses for S2, with γ_mlp folded.
#pragma once

#include <cmath>
#include <string>

#include "test_util.h"
#include "tiny_safetensors.h"
#include "weights/kernels/kernels.h"

namespace lineage::testing {

inline std::string ExampleWeights(const std::string& model) {
  return Example("models/" + model + "/model.safetensors");
}

inline std::string LayerTensor(int layer, const std::string& what) {
  return "model.layers." + std::to_string(layer) + "." + what + ".weight";
}

// W · diag(γ): folds a pre-norm's weight into the matrix that reads it (METHODS §2.4).
inline MatrixF FoldColumns(const MatrixF& w, const MatrixF& gamma) {
  MatrixF out = w;
  for (size_t i = 0; i < w.rows; ++i)
    for (size_t j = 0; j < w.cols; ++j) out.at(i, j) *= gamma.data[j];
  return out;
}

struct MlpBlock {
  MatrixF gate, up;  // γ folded, h × d
};

inline MlpBlock LoadMlp(const std::string& model, int layer) {
  const std::string path = ExampleWeights(model);
  const MatrixF gamma = ReadF32Tensor(path, LayerTensor(layer, "post_attention_layernorm")).value();
  return {FoldColumns(ReadF32Tensor(path, LayerTensor(layer, "mlp.gate_proj")).value(), gamma),
          FoldColumns(ReadF32Tensor(path, LayerTensor(layer, "mlp.up_proj")).value(), gamma)};
}

// Rows [G_i, U_i] (h × 2d).
inline MatrixF UnitRows(const MlpBlock& b) {
  MatrixF u(b.gate.rows, 2 * b.gate.cols);
  for (size_t i = 0; i < b.gate.rows; ++i) {
    std::copy(b.gate.row(i).begin(), b.gate.row(i).end(), u.row(i).begin());
    std::copy(b.up.row(i).begin(), b.up.row(i).end(), u.row(i).begin() + b.gate.cols);
  }
  return u;
}

// rmsnorm of every embedding row: the probes X̂ (the vocabulary is shared by all examples).
inline MatrixF Probes(const std::string& model) {
  MatrixF e = ReadF32Tensor(ExampleWeights(model), "model.embed_tokens.weight").value();
  for (size_t i = 0; i < e.rows; ++i) {
    double ss = 0;
    for (float v : e.row(i)) ss += static_cast<double>(v) * v;
    const float inv = static_cast<float>(1.0 / std::sqrt(ss / e.cols + 1e-5));
    for (float& v : e.row(i)) v *= inv;
  }
  return e;
}

}  // namespace lineage::testing
