// Sub-model path of `lineage compare` (issue #5 §2) with generated vision-language fixtures: the
// language trunks are the shipped real models (examples/models), the vision towers are seeded
// Gaussian ViT-style blocks with a gated MLP written beside them in the same safetensors file.
// (Towers with an ungated fc1/fc2 MLP, e.g. CLIP/SigLIP, are listed as not compared: the weight
// analysis's unit tests need gate/up rows.)
//   - independent trunk + the base's tower fine-tuned (small noise) → derived, component-reuse,
//     localised to "vision";
//   - the base's trunk (fine-tuned, ft-sft) + a fresh tower → derived through the trunk, the tower
//     not derived;
//   - no tower on the candidate's side → the tower is listed as not compared, with the limitation.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "format/safetensors_writer.h"
#include "model/model.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;
using testing::RunCli;

constexpr int kTowerLayers = 3;
constexpr uint64_t kTowerWidth = 48, kTowerHidden = 96;

WriterTensor F32Tensor(const std::string& name, std::vector<uint64_t> shape, const std::vector<float>& v) {
  WriterTensor t{name, DType::kF32, std::move(shape), std::vector<uint8_t>(v.size() * 4)};
  std::memcpy(t.data.data(), v.data(), t.data.size());
  return t;
}

// A ViT-style tower with a gated MLP: seeded N(0, 0.02²) matrices; with `noise` > 0, the tower of `seed` plus
// independent noise of that sd relative to 0.02 (a fine-tune of it).
std::vector<WriterTensor> Tower(uint32_t seed, double noise, uint32_t noise_seed) {
  std::mt19937 rng(seed), nrng(noise_seed);
  std::normal_distribution<float> n(0.0f, 0.02f);
  std::vector<WriterTensor> out;
  auto mat = [&](const std::string& name, uint64_t rows, uint64_t cols) {
    std::vector<float> v(rows * cols);
    for (float& x : v) x = n(rng) + static_cast<float>(noise) * n(nrng);
    out.push_back(F32Tensor(name, {rows, cols}, v));
  };
  for (int l = 0; l < kTowerLayers; ++l) {
    std::string p = "vision_tower.vision_model.encoder.layers." + std::to_string(l) + ".";
    mat(p + "self_attn.q_proj.weight", kTowerWidth, kTowerWidth);
    mat(p + "self_attn.k_proj.weight", kTowerWidth, kTowerWidth);
    mat(p + "self_attn.v_proj.weight", kTowerWidth, kTowerWidth);
    mat(p + "self_attn.out_proj.weight", kTowerWidth, kTowerWidth);
    // A gated (SwiGLU) MLP, as in Qwen2.5-VL's vision blocks: the unit tests need gate/up rows.
    mat(p + "mlp.gate_proj.weight", kTowerHidden, kTowerWidth);
    mat(p + "mlp.up_proj.weight", kTowerHidden, kTowerWidth);
    mat(p + "mlp.down_proj.weight", kTowerWidth, kTowerHidden);
    out.push_back(F32Tensor(p + "layer_norm1.weight", {kTowerWidth}, std::vector<float>(kTowerWidth, 1.0f)));
    out.push_back(F32Tensor(p + "layer_norm2.weight", {kTowerWidth}, std::vector<float>(kTowerWidth, 1.0f)));
  }
  return out;
}

// The shipped model `trunk` (config, tokenizer, tensors) plus `tower`, as a new directory.
std::string Vlm(const std::string& tag, const std::string& trunk, std::vector<WriterTensor> tower) {
  std::string dir = testing::TempDir(tag);
  for (const char* f : {"config.json", "tokenizer.json", "tokenizer_config.json"}) {
    std::filesystem::copy_file(Example("models/" + trunk + "/" + f), dir + "/" + f,
                               std::filesystem::copy_options::overwrite_existing);
  }
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

TEST(CompareSubmodelTest, CopiedVisionTowerOnIndependentTrunkIsComponentReuse) {
  std::string base = Vlm("vlm-base", "base", Tower(1, 0, 0));
  std::string cand = Vlm("vlm-copied-tower", "indep-s1", Tower(1, 0.1, 7));
  nlohmann::json j = Compare(cand, base);
  const nlohmann::json& r = j["results"][0];
  EXPECT_EQ(r["verdict"], "derived") << r["components"].dump();
  EXPECT_TRUE(Has(r["derivation"], "component-reuse")) << r["derivation"].dump();
  EXPECT_EQ(ComponentVerdict(r, "vision"), "derived");
  EXPECT_NE(ComponentVerdict(r, "trunk"), "derived") << r["components"].dump();
  EXPECT_TRUE(Has(j["components_covered"], "vision"));
}

TEST(CompareSubmodelTest, SharedTrunkWithFreshVisionTowerIsLocalisedToTheTrunk) {
  std::string base = Vlm("vlm-base2", "base", Tower(1, 0, 0));
  std::string cand = Vlm("vlm-fresh-tower", "ft-sft", Tower(2, 0, 0));
  nlohmann::json j = Compare(cand, base);
  const nlohmann::json& r = j["results"][0];
  EXPECT_EQ(r["verdict"], "derived");
  EXPECT_EQ(ComponentVerdict(r, "trunk"), "derived") << r["components"].dump();
  std::string vision = ComponentVerdict(r, "vision");
  EXPECT_TRUE(vision == "independent" || vision == "inconclusive") << r["components"].dump();
  EXPECT_FALSE(Has(r["derivation"], "component-reuse"));
}

TEST(CompareSubmodelTest, TowerOnOneSideOnlyIsStatedAsNotCompared) {
  std::string base = Vlm("vlm-base3", "base", Tower(1, 0, 0));
  nlohmann::json j = Compare(Example("models/ft-sft"), base);
  const nlohmann::json& r = j["results"][0];
  EXPECT_EQ(r["verdict"], "derived");
  EXPECT_EQ(ComponentVerdict(r, "vision"), "not-compared") << r["components"].dump();
  EXPECT_NE(r.dump().find("limitation.component_not_compared"), std::string::npos);
  EXPECT_FALSE(Has(j["components_covered"], "vision"));
}

}  // namespace
}  // namespace lineage
