// Sub-model path of `lineage compare` (METHODS.md §8) with generated vision-language
// fixtures: the language trunks are the shipped real models (examples/models), the vision towers
// are seeded Gaussian ViT-style blocks written beside them in the same safetensors file, in three
// real naming schemes:
//   - gated:  HF names with a SwiGLU MLP (gate_proj/up_proj/down_proj), separate q/k/v;
//   - CLIP:   HF CLIP/SigLIP/LLaVA names, ungated MLP (mlp.fc1 → GELU → mlp.fc2), with biases;
//   - Qwen2.5-VL: `visual.blocks.N.attn.qkv` (fused [q; k; v]) + `attn.proj`, gated MLP, norm1/2.
// Cases:
//   - independent trunk + the base's tower fine-tuned (noise plus low-rank "gradient" steps)
//     → derived, component-reuse, localised to "vision";
//   - the base's tower with its MLP units permuted (fc1 rows and fc2 columns together, an
//     output-preserving relabelling) and fine-tuned → derived, camouflaged-permutation;
//   - an independently initialised tower → the tower is not derived (and nothing else is);
//   - the base's trunk (fine-tuned, ft-sft) + a fresh tower → derived through the trunk only;
//   - no tower on the candidate's side → the tower is listed as not compared, with the limitation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compare/submodels.h"
#include "format/safetensors_writer.h"
#include "model/model.h"
#include "test_util.h"
#include "weights/source/model_weight_source.h"

namespace lineage {
namespace {

using testing::Example;
using testing::RunCli;

constexpr int kTowerLayers = 3;
// Hidden width >= 100, as in every real tower (3072+): the LAP Spearman then uses its normal
// approximation rather than a Monte Carlo null floored at 1/(T+1).
constexpr uint64_t kTowerWidth = 48, kTowerHidden = 128;
constexpr int kTowerHeads = 4;

WriterTensor F32Tensor(const std::string& name, std::vector<uint64_t> shape,
                       const std::vector<float>& v) {
  WriterTensor t{name, DType::kF32, std::move(shape), std::vector<uint8_t>(v.size() * 4)};
  std::memcpy(t.data.data(), v.data(), t.data.size());
  return t;
}

enum class Naming { kGated, kClip, kQwen25Vl };

struct TowerSpec {
  Naming naming = Naming::kGated;
  uint32_t seed = 1;
  // Fine-tune: independent noise of this sd relative to the init's 0.02, plus `steps` rank-1
  // updates per matrix (outer products of seeded vectors, as a few gradient steps would add).
  double noise = 0;
  int steps = 0;
  uint32_t tune_seed = 7;
  // Relabel the MLP's hidden units with a seeded permutation (rows of gate/up or fc1 and its
  // bias, columns of down or fc2): the block computes the same function.
  bool permute_mlp = false;
};

using Matrix = std::vector<float>;  // row-major

// A ViT-style tower: seeded N(0, 0.02²) matrices, unit norms, zero biases; see TowerSpec.
std::vector<WriterTensor> Tower(const TowerSpec& spec) {
  std::mt19937 rng(spec.seed), trng(spec.tune_seed);
  std::normal_distribution<float> init(0.0f, 0.02f), unit(0.0f, 1.0f);
  std::vector<uint32_t> perm(kTowerHidden);
  std::iota(perm.begin(), perm.end(), 0u);
  std::shuffle(perm.begin(), perm.end(), std::mt19937(spec.seed * 31 + 5));
  auto draw = [&](uint64_t rows, uint64_t cols) {
    Matrix v(rows * cols);
    for (float& x : v) x = init(rng);
    for (float& x : v) x += static_cast<float>(spec.noise) * init(trng);
    for (int s = 0; s < spec.steps; ++s) {
      Matrix a(rows), b(cols);
      for (float& x : a) x = unit(trng);
      for (float& x : b) x = unit(trng);
      for (uint64_t i = 0; i < rows; ++i)
        for (uint64_t j = 0; j < cols; ++j) v[i * cols + j] += 0.002f * a[i] * b[j];
    }
    return v;
  };
  // Permutes the hidden units: rows of an h × d matrix (or entries of an h vector), or columns
  // of a d × h matrix.
  auto permute_rows = [&](const Matrix& m, uint64_t cols) {
    if (!spec.permute_mlp) return m;
    Matrix out(m.size());
    for (uint64_t i = 0; i < kTowerHidden; ++i)
      std::copy_n(m.begin() + perm[i] * cols, cols, out.begin() + i * cols);
    return out;
  };
  auto permute_cols = [&](const Matrix& m, uint64_t rows) {
    if (!spec.permute_mlp) return m;
    Matrix out(m.size());
    for (uint64_t r = 0; r < rows; ++r)
      for (uint64_t i = 0; i < kTowerHidden; ++i)
        out[r * kTowerHidden + i] = m[r * kTowerHidden + perm[i]];
    return out;
  };
  std::vector<WriterTensor> out;
  auto put = [&](const std::string& name, std::vector<uint64_t> shape, const Matrix& v) {
    out.push_back(F32Tensor(name, std::move(shape), v));
  };
  const uint64_t d = kTowerWidth, h = kTowerHidden;
  const Matrix ones(d, 1.0f), zeros_d(d, 0.0f);
  for (int l = 0; l < kTowerLayers; ++l) {
    const std::string n = std::to_string(l);
    // The same draws in the same order for every naming, so a naming never changes the weights.
    Matrix q = draw(d, d), k = draw(d, d), v = draw(d, d), o = draw(d, d);
    Matrix gate = draw(h, d), up = draw(h, d), down = draw(d, h);
    Matrix up_bias(h);
    for (float& x : up_bias) x = init(rng);
    switch (spec.naming) {
      case Naming::kGated: {
        const std::string p = "vision_tower.vision_model.encoder.layers." + n + ".";
        put(p + "self_attn.q_proj.weight", {d, d}, q);
        put(p + "self_attn.k_proj.weight", {d, d}, k);
        put(p + "self_attn.v_proj.weight", {d, d}, v);
        put(p + "self_attn.out_proj.weight", {d, d}, o);
        put(p + "mlp.gate_proj.weight", {h, d}, permute_rows(gate, d));
        put(p + "mlp.up_proj.weight", {h, d}, permute_rows(up, d));
        put(p + "mlp.down_proj.weight", {d, h}, permute_cols(down, d));
        put(p + "layer_norm1.weight", {d}, ones);
        put(p + "layer_norm2.weight", {d}, ones);
        break;
      }
      case Naming::kClip: {
        // LLaVA's CLIP ViT-L / SigLIP: fc1 → GELU → fc2, LayerNorms and projections with biases.
        const std::string p = "vision_tower.vision_model.encoder.layers." + n + ".";
        put(p + "self_attn.q_proj.weight", {d, d}, q);
        put(p + "self_attn.q_proj.bias", {d}, zeros_d);
        put(p + "self_attn.k_proj.weight", {d, d}, k);
        put(p + "self_attn.v_proj.weight", {d, d}, v);
        put(p + "self_attn.out_proj.weight", {d, d}, o);
        put(p + "mlp.fc1.weight", {h, d}, permute_rows(up, d));
        put(p + "mlp.fc1.bias", {h}, permute_rows(up_bias, 1));
        put(p + "mlp.fc2.weight", {d, h}, permute_cols(down, d));
        put(p + "mlp.fc2.bias", {d}, zeros_d);
        put(p + "layer_norm1.weight", {d}, ones);
        put(p + "layer_norm1.bias", {d}, zeros_d);
        put(p + "layer_norm2.weight", {d}, ones);
        put(p + "layer_norm2.bias", {d}, zeros_d);
        break;
      }
      case Naming::kQwen25Vl: {
        const std::string p = "visual.blocks." + n + ".";
        Matrix qkv = q;
        qkv.insert(qkv.end(), k.begin(), k.end());
        qkv.insert(qkv.end(), v.begin(), v.end());
        put(p + "attn.qkv.weight", {3 * d, d}, qkv);
        put(p + "attn.proj.weight", {d, d}, o);
        put(p + "mlp.gate_proj.weight", {h, d}, permute_rows(gate, d));
        put(p + "mlp.up_proj.weight", {h, d}, permute_rows(up, d));
        put(p + "mlp.down_proj.weight", {d, h}, permute_cols(down, d));
        put(p + "norm1.weight", {d}, ones);
        put(p + "norm2.weight", {d}, ones);
        break;
      }
    }
  }
  return out;
}

TowerSpec Spec(Naming naming, uint32_t seed) {
  TowerSpec s;
  s.naming = naming;
  s.seed = seed;
  return s;
}

TowerSpec FineTuned(TowerSpec s) {
  s.noise = 0.1;
  s.steps = 3;
  return s;
}

// The shipped model `trunk` (config, tokenizer, tensors) plus `tower`, as a new directory.
// The config gains a vision_config stating the tower's heads, as real VLM configs do.
std::string Vlm(const std::string& tag, const std::string& trunk, std::vector<WriterTensor> tower) {
  std::string dir = testing::TempDir(tag);
  for (const char* f : {"tokenizer.json", "tokenizer_config.json"}) {
    std::filesystem::copy_file(Example("models/" + trunk + "/" + f), dir + "/" + f,
                               std::filesystem::copy_options::overwrite_existing);
  }
  std::ifstream in(Example("models/" + trunk + "/config.json"));
  nlohmann::json config = nlohmann::json::parse(in);
  config["vision_config"] = {{"num_heads", kTowerHeads}, {"embed_dim", kTowerWidth}};
  testing::WriteFile(dir + "/config.json", config.dump(2));
  Result<Model> m = LoadModel(Example("models/" + trunk));
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  std::vector<WriterTensor> all;
  for (const ModelTensor& t : m->tensors) {
    Result<std::vector<float>> v = ReadF32(t, 1 << 24);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    all.push_back(F32Tensor(t.name, t.info.shape, *v));
  }
  for (WriterTensor& t : tower) all.push_back(std::move(t));
  Status st = WriteSafetensors(dir + "/model.safetensors", all);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return dir;
}

nlohmann::json Compare(const std::string& candidate, const std::string& base) {
  auto r = RunCli({"compare", candidate, base, "--json", "--quiet"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.err;
  return j;
}

std::string ComponentVerdict(const nlohmann::json& result, const std::string& name) {
  for (const auto& c : result["components"]) {
    if (c["name"] == name) return c["verdict"].get<std::string>();
  }
  return "absent";
}

bool Has(const nlohmann::json& list, const std::string& value) {
  for (const auto& v : list) {
    if (v == value) return true;
  }
  return false;
}

// The most significant exact log10 p of `test` on `component` (0 when absent).
double BestLog10P(const nlohmann::json& result, const std::string& test,
                  const std::string& component) {
  double best = 0;
  for (const auto& f : result["evidence"]) {
    if (f["test"] == test && f["component"] == component && f["log10_p"].is_number()) {
      best = std::min(best, f["log10_p"].get<double>());
    }
  }
  return best;
}

// The value of the tower-level `test` finding on `component`, when reported.
std::optional<double> Value(const nlohmann::json& result, const std::string& test,
                            const std::string& component) {
  for (const auto& f : result["evidence"]) {
    if (f["test"] == test && f["component"] == component && f["value"].is_number()) {
      return f["value"].get<double>();
    }
  }
  return std::nullopt;
}

bool MentionsUngated(const nlohmann::json& result) {
  for (const auto& l : result["limitations"]) {
    if (l.dump().find("ungated MLP") != std::string::npos) return true;
  }
  return false;
}

// Expects a tower reused beside the independent trunk: derived through "vision" only.
void ExpectComponentReuse(const nlohmann::json& j) {
  const nlohmann::json& r = j["results"][0];
  EXPECT_EQ(r["verdict"], "derived") << r["components"].dump();
  EXPECT_TRUE(Has(r["derivation"], "component-reuse")) << r["derivation"].dump();
  EXPECT_EQ(ComponentVerdict(r, "vision"), "derived") << r["components"].dump();
  EXPECT_NE(ComponentVerdict(r, "trunk"), "derived") << r["components"].dump();
  EXPECT_TRUE(Has(j["components_covered"], "vision"));
}

TEST(CompareSubmodelTest, CopiedVisionTowerOnIndependentTrunkIsComponentReuse) {
  std::string base = Vlm("vlm-base", "base", Tower(Spec(Naming::kGated, 1)));
  std::string cand = Vlm("vlm-copied-tower", "indep-s1", Tower(FineTuned(Spec(Naming::kGated, 1))));
  nlohmann::json j = Compare(cand, base);
  const nlohmann::json& r = j["results"][0];
  EXPECT_EQ(r["verdict"], "derived") << r["components"].dump();
  EXPECT_TRUE(Has(r["derivation"], "component-reuse")) << r["derivation"].dump();
  EXPECT_EQ(ComponentVerdict(r, "vision"), "derived");
  EXPECT_NE(ComponentVerdict(r, "trunk"), "derived") << r["components"].dump();
  EXPECT_TRUE(Has(j["components_covered"], "vision"));
}

TEST(CompareSubmodelTest, SharedTrunkWithFreshVisionTowerIsLocalisedToTheTrunk) {
  std::string base = Vlm("vlm-base2", "base", Tower(Spec(Naming::kGated, 1)));
  std::string cand = Vlm("vlm-fresh-tower", "ft-sft", Tower(Spec(Naming::kGated, 2)));
  nlohmann::json j = Compare(cand, base);
  const nlohmann::json& r = j["results"][0];
  EXPECT_EQ(r["verdict"], "derived");
  EXPECT_EQ(ComponentVerdict(r, "trunk"), "derived") << r["components"].dump();
  std::string vision = ComponentVerdict(r, "vision");
  EXPECT_TRUE(vision == "independent" || vision == "inconclusive") << r["components"].dump();
  EXPECT_FALSE(Has(r["derivation"], "component-reuse"));
}

TEST(CompareSubmodelTest, TowerOnOneSideOnlyIsStatedAsNotCompared) {
  std::string base = Vlm("vlm-base3", "base", Tower(Spec(Naming::kGated, 1)));
  nlohmann::json j = Compare(Example("models/ft-sft"), base);
  const nlohmann::json& r = j["results"][0];
  EXPECT_EQ(r["verdict"], "derived");
  EXPECT_EQ(ComponentVerdict(r, "vision"), "not-compared") << r["components"].dump();
  EXPECT_NE(r.dump().find("limitation.component_not_compared"), std::string::npos);
  EXPECT_FALSE(Has(j["components_covered"], "vision"));
}

// ComponentView forwards every WeightSource query, so the per-tensor fast path reads towers'
// stored bytes directly, and it carries the tower's own head count (vision_config), not the
// trunk's.
TEST(CompareSubmodelTest, ComponentViewForwardsStorageAndTowerHeads) {
  Result<Model> m = LoadModel(Vlm("view", "base", Tower(Spec(Naming::kQwen25Vl, 1))));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ModelWeightSource source(*m);
  ComponentView view(source, "vision");
  EXPECT_EQ(view.layout().num_layers, kTowerLayers);
  EXPECT_EQ(view.layout().num_heads, kTowerHeads);
  TensorKey inner_up = Key(Role::kUp, 0);
  inner_up.component = "vision";
  EXPECT_TRUE(source.StoredIsCanonical(inner_up));
  EXPECT_TRUE(view.StoredIsCanonical(Key(Role::kUp, 0)));
  EXPECT_EQ(view.Stored(Key(Role::kUp, 0)), source.Stored(inner_up));
  // q is a row selection of the fused qkv: not canonical storage, in the view as in the source.
  TensorKey inner_q = Key(Role::kQ, 0);
  inner_q.component = "vision";
  EXPECT_FALSE(source.StoredIsCanonical(inner_q));
  EXPECT_FALSE(view.StoredIsCanonical(Key(Role::kQ, 0)));
  EXPECT_EQ(view.Shape(Key(Role::kQ, 0)),
            (std::pair<uint64_t, uint64_t>{kTowerWidth, kTowerWidth}));
}

// (a) A CLIP/SigLIP-style tower (ungated fc1/fc2 MLP) copied onto an independent trunk. The
// exact S1 on fc1 rows + fc2 columns must carry the tower, not only byte identity.
TEST(CompareSubmodelTest, CopiedClipTowerOnIndependentTrunkIsComponentReuse) {
  std::string base = Vlm("clip-base", "base", Tower(Spec(Naming::kClip, 1)));
  std::string cand = Vlm("clip-copied", "indep-s1", Tower(Spec(Naming::kClip, 1)));
  nlohmann::json j = Compare(cand, base);
  const nlohmann::json& r = j["results"][0];
  ExpectComponentReuse(j);
  EXPECT_LE(BestLog10P(r, "unit_identity_fisher", "vision"), -12) << r["evidence"].dump();
  EXPECT_TRUE(MentionsUngated(r)) << r["limitations"].dump();
}

// (b) The same tower fine-tuned (noise plus low-rank steps on every matrix): nothing is
// byte-identical any more, so only the weight statistics can find it.
TEST(CompareSubmodelTest, FineTunedClipTowerIsStillDerived) {
  std::string base = Vlm("clip-base-ft", "base", Tower(Spec(Naming::kClip, 1)));
  std::string cand = Vlm("clip-tuned", "indep-s1", Tower(FineTuned(Spec(Naming::kClip, 1))));
  nlohmann::json j = Compare(cand, base);
  const nlohmann::json& r = j["results"][0];
  ExpectComponentReuse(j);
  EXPECT_LE(BestLog10P(r, "unit_identity_fisher", "vision"), -12) << r["evidence"].dump();
  EXPECT_EQ(Value(r, "tensor_identity", "vision").value_or(-1), 0) << r["evidence"].dump();
  // The fc1/fc2 analogue of S2 agrees too (calibrated; random init sits near 1/h).
  EXPECT_GE(Value(r, "gate_up_consistency", "vision").value_or(0), 0.5) << r["evidence"].dump();
}

// (c) An independently initialised CLIP-style tower on an independent trunk: no component is
// derived, and the tower's exact test stays inside its null.
TEST(CompareSubmodelTest, IndependentClipTowerIsNotDerived) {
  std::string base = Vlm("clip-base-indep", "base", Tower(Spec(Naming::kClip, 1)));
  std::string cand = Vlm("clip-fresh", "indep-s1", Tower(Spec(Naming::kClip, 2)));
  nlohmann::json j = Compare(cand, base);
  const nlohmann::json& r = j["results"][0];
  EXPECT_NE(r["verdict"], "derived") << r["components"].dump();
  const std::string vision = ComponentVerdict(r, "vision");
  EXPECT_TRUE(vision == "independent" || vision == "inconclusive") << r["components"].dump();
  EXPECT_GT(BestLog10P(r, "unit_identity_fisher", "vision"), -3) << r["evidence"].dump();
  EXPECT_LT(Value(r, "gate_up_consistency", "vision").value_or(1), 0.2) << r["evidence"].dump();
  EXPECT_TRUE(Has(j["components_covered"], "vision"));
}

// (d) The base's tower with its MLP units relabelled (fc1 rows and fc2 columns by one
// permutation) and then fine-tuned: S1's identity order is gone, the fc1/fc2 matching is not.
TEST(CompareSubmodelTest, PermutedClipTowerIsDerivedWithPermutationRecognised) {
  std::string base = Vlm("clip-base-perm", "base", Tower(Spec(Naming::kClip, 1)));
  TowerSpec permuted = FineTuned(Spec(Naming::kClip, 1));
  permuted.permute_mlp = true;
  std::string cand = Vlm("clip-permuted", "indep-s1", Tower(permuted));
  nlohmann::json j = Compare(cand, base);
  const nlohmann::json& r = j["results"][0];
  ExpectComponentReuse(j);
  EXPECT_TRUE(Has(r["derivation"], "camouflaged-permutation")) << r["derivation"].dump();
  EXPECT_GT(BestLog10P(r, "unit_identity_lap", "vision"), -3) << r["evidence"].dump();
}

// Qwen2.5-VL naming: fused `attn.qkv` split into q, k, v by the tower's own geometry (not the
// trunk's GQA heads) and a gated MLP; heads come from vision_config. A fine-tuned copy is found.
TEST(CompareSubmodelTest, FineTunedQwenVlTowerWithFusedQkvIsDerived) {
  std::string base = Vlm("qwenvl-base", "base", Tower(Spec(Naming::kQwen25Vl, 1)));
  std::string cand = Vlm("qwenvl-tuned", "indep-s1", Tower(FineTuned(Spec(Naming::kQwen25Vl, 1))));
  Result<Model> m = LoadModel(cand);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  int vision_q = 0;
  for (const ModelTensor& t : m->tensors) {
    if (t.component == "vision" && t.role == Role::kQ) {
      ++vision_q;
      EXPECT_EQ(t.rows(), kTowerWidth);
    }
  }
  EXPECT_EQ(vision_q, kTowerLayers);
  nlohmann::json j = Compare(cand, base);
  const nlohmann::json& r = j["results"][0];
  ExpectComponentReuse(j);
  EXPECT_LE(BestLog10P(r, "unit_identity_fisher", "vision"), -12) << r["evidence"].dump();
  // Attention heads are compared as units with the tower's head count (vision_config), every
  // head of the copy hitting its own index.
  EXPECT_EQ(Value(r, "unit_identity_hits_heads", "vision").value_or(0), kTowerHeads)
      << r["evidence"].dump();
}

}  // namespace
}  // namespace lineage
