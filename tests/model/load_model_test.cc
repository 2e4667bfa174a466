// LoadModel against real files with known facts (examples/models/MANIFEST.md,
// tests/data/weights/MANIFEST.md, tests/data/configs/) and generated layouts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "format/safetensors_writer.h"
#include "io/json_file.h"
#include "model/model.h"
#include "model_fixtures.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;
using testing::TempDir;
using testing::TestData;

Model Load(const std::string& path) { return testing::LoadOrFail(path); }

std::string Key(const ModelTensor& t) {
  return t.component + "/" + RoleName(t.role) + "/" + std::to_string(t.layer) + "/" +
         std::to_string(t.expert) + (t.bias ? "/bias" : "");
}

// Asserts every canonical tensor of `a` has a twin in `b` (same role, layer, expert) with exactly
// the same f32 values, and that both have the same number of canonical tensors.
void ExpectSameValues(const Model& a, const Model& b) {
  std::map<std::string, const ModelTensor*> by_key;
  for (const ModelTensor& t : b.tensors) by_key[Key(t)] = &t;
  ASSERT_EQ(a.tensors.size(), b.tensors.size());
  for (const ModelTensor& t : a.tensors) {
    SCOPED_TRACE(t.name);
    auto it = by_key.find(Key(t));
    ASSERT_NE(it, by_key.end()) << Key(t);
    EXPECT_EQ(t.shape, it->second->shape);
    auto va = ReadF32(t, 1 << 22), vb = ReadF32(*it->second, 1 << 22);
    ASSERT_TRUE(va.ok() && vb.ok());
    EXPECT_TRUE(*va == *vb) << "values differ: " << t.name << " vs " << it->second->name;
  }
}

TEST(LoadModel, ExampleBaseMatchesItsManifest) {
  Model m = Load(Example("models/base"));
  EXPECT_EQ(m.format, "hf-dir");
  EXPECT_EQ(m.architecture, "llama");
  EXPECT_TRUE(m.tied_embeddings);
  EXPECT_EQ(m.num_layers(), 5);
  EXPECT_TRUE(m.unmapped.empty());
  ASSERT_TRUE(m.generation_config.has_value());
  EXPECT_NE(m.tokenizer_path.find("tokenizer.json"), std::string::npos);
  ParameterCount pc = CountParameters(m);
  EXPECT_EQ(pc.total, 260032u);  // MANIFEST: 260,032 parameters
  ASSERT_TRUE(pc.active.has_value());
  EXPECT_EQ(*pc.active, 260032u);
  for (Role r : {Role::kQ, Role::kK, Role::kV, Role::kO, Role::kGate, Role::kUp, Role::kDown,
                 Role::kAttnNorm, Role::kMlpNorm}) {
    EXPECT_EQ(m.Blocks(r).size(), 5u) << RoleName(r);
  }
  ASSERT_NE(m.Find(Role::kEmbed), nullptr);
  EXPECT_EQ(m.Find(Role::kEmbed)->shape, (std::vector<uint64_t>{512, 64}));
  EXPECT_EQ(m.Find(Role::kK, 2)->shape, (std::vector<uint64_t>{32, 64}));  // 4 KV heads × 8
  EXPECT_EQ(m.Find(Role::kGate, 4)->shape, (std::vector<uint64_t>{172, 64}));
  EXPECT_EQ(m.Find(Role::kLmHead), nullptr);
  EXPECT_EQ(pc.by_role["q"], 5u * 64 * 64);
}

// The decisive test of the Q/K un-permutation: the GGUF holds Q/K in llama.cpp's order.
TEST(LoadModel, GgufTwinHasTheSameValuesAfterUnpermutation) {
  Model hf = Load(Example("models/base"));
  Model gguf = Load(Example("models/base-gguf-f32/base-gguf-f32.gguf"));
  EXPECT_EQ(gguf.format, "gguf");
  EXPECT_EQ(gguf.architecture, "llama");
  EXPECT_TRUE(gguf.tied_embeddings);
  EXPECT_EQ(CountParameters(gguf).total, 260032u);
  ASSERT_TRUE(gguf.config.has_value());
  EXPECT_EQ((*gguf.config)["num_key_value_heads"], 4);
  ExpectSameValues(hf, gguf);
  // Without un-permutation they would differ: the stored Q rows are not HF's.
  const ModelTensor* q = gguf.Find(Role::kQ, 0);
  ASSERT_NE(q, nullptr);
  ModelTensor raw = *q;
  raw.transform = RowTransform{};
  EXPECT_NE(*ReadF32(raw, 1 << 20), *ReadF32(*hf.Find(Role::kQ, 0), 1 << 20));
}

TEST(LoadModel, Llama2cStories260KIsTheBaseModel) {
  Model c = Load(TestData("weights/stories260K/stories260K.bin"));
  EXPECT_EQ(c.format, "llama2c");
  EXPECT_EQ(c.architecture, "llama");
  EXPECT_TRUE(c.tied_embeddings);
  EXPECT_EQ(CountParameters(c).total, 260032u);
  ExpectSameValues(Load(Example("models/base")), c);
}

TEST(LoadModel, FolderWithGgufAndSingleSafetensorsFile) {
  Model g = Load(Example("models/base-gguf-f32"));
  EXPECT_EQ(g.checkpoints.size(), 1u);
  EXPECT_NE(g.tokenizer_path.find(".gguf"), std::string::npos);
  Model f = Load(Example("models/base/model.safetensors"));
  EXPECT_EQ(f.format, "safetensors");
  EXPECT_EQ(f.architecture, "llama");  // from the neighbouring config.json
  EXPECT_EQ(CountParameters(f).total, 260032u);
}

TEST(LoadModel, MissingAndCorruptInputsAreErrorsNamingTheFile) {
  auto missing = LoadModel("/nonexistent/model");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/model"), std::string::npos);
  std::string dir = TempDir("corrupt");
  testing::WriteFile(dir + "/model.safetensors",
                     std::string("\x40\x00\x00\x00\x00\x00\x00\x00{\"a\":", 13));
  auto corrupt = LoadModel(dir);
  ASSERT_FALSE(corrupt.ok());
  EXPECT_NE(corrupt.status().ToString().find("model.safetensors"), std::string::npos);
  std::string empty = TempDir("empty");
  EXPECT_EQ(LoadModel(empty).status().code(), Status::Code::kNotFound);
}

// Shapes of a Llama-family tensor from its name and the config (the test's own rule).
std::vector<uint64_t> LlamaShape(const std::string& name, uint64_t d, uint64_t inter,
                                 uint64_t vocab, uint64_t q_rows, uint64_t kv_rows) {
  auto has = [&](const char* s) { return name.find(s) != std::string::npos; };
  if (has("embed_tokens") || has("lm_head")) return {vocab, d};
  if (has("norm")) return {d};
  if (has("q_proj")) return {q_rows, d};
  if (has("k_proj") || has("v_proj")) return {kv_rows, d};
  if (has("o_proj")) return {d, q_rows};
  if (has("gate_proj") || has("up_proj")) return {inter, d};
  if (has("down_proj")) return {d, inter};
  ADD_FAILURE() << "unexpected tensor " << name;
  return {};
}

// Mistral-7B-Instruct-v0.3's real index (291 tensors in 3 shards) over sparse shards: the
// parameter count must equal the index's total_size / 2 (bf16).
TEST(LoadModel, MistralIndexParameterCountMatchesTotalSize) {
  std::string src = TestData("configs/mistral-7b-instruct-v0.3");
  auto index = ReadJsonFile(src + "/model.safetensors.index.json");
  ASSERT_TRUE(index.ok());
  std::string dir = TempDir("mistral");
  std::filesystem::copy_file(src + "/config.json", dir + "/config.json");
  std::filesystem::copy_file(src + "/model.safetensors.index.json",
                             dir + "/model.safetensors.index.json");
  std::map<std::string, std::vector<WriterTensor>> shards;
  for (const auto& [name, file] : (*index)["weight_map"].items()) {
    WriterTensor t;
    t.name = name;
    t.dtype = DType::kBF16;
    t.shape = LlamaShape(name, 4096, 14336, 32768, 32 * 128, 8 * 128);
    shards[file.get<std::string>()].push_back(t);
  }
  SafetensorsWriteOptions sparse;
  sparse.sparse = true;
  for (const auto& [file, tensors] : shards) {
    ASSERT_TRUE(WriteSafetensors(dir + "/" + file, tensors, {{"format", "pt"}}, sparse).ok());
  }
  Model m = Load(dir);
  EXPECT_EQ(m.architecture, "mistral");
  EXPECT_FALSE(m.tied_embeddings);
  EXPECT_EQ(m.num_layers(), 32);
  EXPECT_TRUE(m.unmapped.empty());
  uint64_t total_size = (*index)["metadata"]["total_size"].get<uint64_t>();
  EXPECT_EQ(CountParameters(m).total, total_size / 2);
  std::filesystem::remove_all(dir);
}

// A 100B-class sharded layout (Llama-like, 40 shards of sparse files with real headers): loads
// from headers alone and counts exactly the parameters its shapes imply.
TEST(LoadModel, SparseHundredBillionLayoutLoadsFromHeaders) {
  const uint64_t d = 12288, layers = 84, heads = 96, kv = 8, hd = 128, inter = 32768,
                 vocab = 128256;
  std::vector<WriterTensor> tensors;
  auto add = [&](std::string name, std::vector<uint64_t> shape) {
    WriterTensor t;
    t.name = std::move(name);
    t.dtype = DType::kBF16;
    t.shape = std::move(shape);
    tensors.push_back(std::move(t));
  };
  add("model.embed_tokens.weight", {vocab, d});
  for (uint64_t l = 0; l < layers; ++l) {
    std::string p = "model.layers." + std::to_string(l) + ".";
    add(p + "input_layernorm.weight", {d});
    add(p + "self_attn.q_proj.weight", {heads * hd, d});
    add(p + "self_attn.k_proj.weight", {kv * hd, d});
    add(p + "self_attn.v_proj.weight", {kv * hd, d});
    add(p + "self_attn.o_proj.weight", {d, heads * hd});
    add(p + "post_attention_layernorm.weight", {d});
    add(p + "mlp.gate_proj.weight", {inter, d});
    add(p + "mlp.up_proj.weight", {inter, d});
    add(p + "mlp.down_proj.weight", {d, inter});
  }
  add("model.norm.weight", {d});
  add("lm_head.weight", {vocab, d});
  const uint64_t per_layer = 2 * d + 2 * heads * hd * d + 2 * kv * hd * d + 3 * inter * d;
  const uint64_t expected = 2 * vocab * d + d + layers * per_layer;
  ASSERT_GT(expected, 100'000'000'000u);

  std::string dir = TempDir("llama100b");
  SafetensorsWriteOptions sparse;
  sparse.sparse = true;
  auto index = WriteSafetensorsShards(dir, tensors, 40, {{"format", "pt"}}, sparse);
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  testing::WriteFile(
      dir + "/config.json",
      std::string(R"({"model_type": "llama", "hidden_size": 12288, "num_hidden_layers": 84,
                       "num_attention_heads": 96, "num_key_value_heads": 8, "intermediate_size": 32768,
                       "vocab_size": 128256, "tie_word_embeddings": false})"));
  Model m = Load(dir);
  EXPECT_EQ(m.num_layers(), 84);
  ParameterCount pc = CountParameters(m);
  EXPECT_EQ(pc.total, expected);
  EXPECT_EQ(*pc.active, expected);
  size_t files = 0;
  for (const Checkpoint& c : m.checkpoints) files += c.files.size();
  EXPECT_GE(files, 40u);
  std::filesystem::remove_all(dir);
}

WriterTensor Zeros(std::string name, std::vector<uint64_t> shape) {
  WriterTensor t;
  t.name = std::move(name);
  t.dtype = DType::kF32;
  t.shape = std::move(shape);
  uint64_t n = 1;
  for (uint64_t d : t.shape) n *= d;
  t.data.assign(n * 4, 0);
  return t;
}

// A nested sub-model folder with its own config and weights becomes a component; a VLM's
// in-file vision tower and projector are components too.
TEST(LoadModel, NestedSubModelsAndTowersAreComponents) {
  std::string dir = TempDir("vlm");
  ASSERT_TRUE(WriteSafetensors(dir + "/model.safetensors",
                               {Zeros("model.embed_tokens.weight", {16, 8}),
                                Zeros("model.layers.0.self_attn.q_proj.weight", {8, 8}),
                                Zeros("multi_modal_projector.linear_1.weight", {8, 4}),
                                Zeros("vision_tower.encoder.layers.0.mlp.fc1.weight", {6, 4})})
                  .ok());
  testing::WriteFile(dir + "/config.json", std::string(R"({"model_type": "llava",
      "text_config": {"model_type": "llama", "hidden_size": 8, "num_hidden_layers": 1,
                      "num_attention_heads": 2}})"));
  std::filesystem::create_directories(dir + "/audio_encoder");
  ASSERT_TRUE(WriteSafetensors(dir + "/audio_encoder/model.safetensors",
                               {Zeros("encoder.layers.0.self_attn.k_proj.weight", {4, 4}),
                                Zeros("encoder.conv1.weight", {4, 2, 3})})
                  .ok());
  testing::WriteFile(dir + "/audio_encoder/config.json",
                     std::string(R"({"model_type": "whisper"})"));
  Model m = Load(dir);
  ParameterCount pc = CountParameters(m);
  EXPECT_EQ(pc.by_component["trunk"], 16u * 8 + 64);
  EXPECT_EQ(pc.by_component["projector"], 32u);
  EXPECT_EQ(pc.by_component["vision"], 24u);
  EXPECT_EQ(pc.by_component["audio"], 16u + 24);
  EXPECT_EQ(pc.total, 128u + 64 + 32 + 24 + 40);
  EXPECT_EQ(m.num_layers(), 1);  // towers never count as trunk blocks
  bool audio_k = false;
  for (const ModelTensor& t : m.tensors) {
    if (t.component == "audio" && t.role == Role::kK && t.layer == 0) {
      audio_k = true;
      EXPECT_EQ(t.name, "audio_encoder/encoder.layers.0.self_attn.k_proj.weight");
    }
  }
  EXPECT_TRUE(audio_k);
  // Unrecognised tensors are still listed and counted.
  EXPECT_NE(std::find(m.unmapped.begin(), m.unmapped.end(), "audio_encoder/encoder.conv1.weight"),
            m.unmapped.end());
  std::filesystem::remove_all(dir);
}

// A tower's fused qkv (Qwen2-VL `visual.blocks.N.attn.qkv`, [q; k; v]) is split by the tower's
// geometry: the trunk's grouped KV heads (8 q, 2 kv) would not even divide its rows. With the
// heads stated in vision_config, rows must divide into them; a mismatch is a note, not a guess.
TEST(LoadModel, TowerFusedQkvSplitsByTheTowerGeometry) {
  for (int heads : {0, 4, 5}) {
    SCOPED_TRACE(heads);
    std::string dir = TempDir("qwen2vl");
    ASSERT_TRUE(WriteSafetensors(dir + "/model.safetensors",
                                 {Zeros("model.embed_tokens.weight", {16, 16}),
                                  Zeros("model.layers.0.self_attn.qkv_proj.weight", {24, 16}),
                                  Zeros("visual.blocks.0.attn.qkv.weight", {3 * 12, 12})})
                    .ok());
    nlohmann::json config = {{"model_type", "qwen2_vl"},
                             {"hidden_size", 16},
                             {"num_hidden_layers", 1},
                             {"num_attention_heads", 8},
                             {"num_key_value_heads", 2}};
    if (heads > 0) config["vision_config"] = {{"num_heads", heads}, {"embed_dim", 12}};
    testing::WriteFile(dir + "/config.json", config.dump());
    Model m = Load(dir);
    std::map<Role, uint64_t> rows;
    for (const ModelTensor& t : m.tensors) {
      if (t.component == "vision") rows[t.role] = t.rows();
    }
    if (heads == 5) {
      EXPECT_EQ(rows.count(Role::kQ), 0u);  // 12 rows per part do not divide into 5 heads
      EXPECT_NE(std::find(m.unmapped.begin(), m.unmapped.end(), "visual.blocks.0.attn.qkv.weight"),
                m.unmapped.end());
    } else {
      EXPECT_EQ(rows[Role::kQ], 12u);
      EXPECT_EQ(rows[Role::kK], 12u);
      EXPECT_EQ(rows[Role::kV], 12u);
    }
    // The trunk's qkv_proj still uses the trunk's GQA geometry: 8 + 2 + 2 heads of 2 rows.
    EXPECT_EQ(m.Find(Role::kK, 0)->rows(), 4u);
    std::filesystem::remove_all(dir);
  }
}

}  // namespace
}  // namespace lineage

namespace lineage {
namespace {

WriterTensor F32Tensor(std::string name, std::vector<uint64_t> shape, const std::vector<float>& v) {
  WriterTensor t;
  t.name = std::move(name);
  t.dtype = DType::kF32;
  t.shape = std::move(shape);
  t.data.resize(v.size() * 4);
  std::memcpy(t.data.data(), v.data(), t.data.size());
  return t;
}

// Block FP8 (FORMATS.md §1.2): value = fp8 × scale_inv of its block. The weight is 5 × 6 with
// 4 × 4 blocks, so the grid is 2 × 2 and the last row and column blocks are partial.
TEST(LoadModel, BlockFp8WeightsAreScaledPerBlock) {
  std::string dir = TempDir("fp8");
  WriterTensor w;
  w.name = "model.layers.0.mlp.down_proj.weight";
  w.dtype = DType::kF8_E4M3;
  w.shape = {5, 6};
  w.data.assign(30, 0x38);  // E4M3 0x38 = 1.0
  w.data[7] = 0x40;         // row 1, column 1: 2.0
  std::vector<float> grid = {0.5f, 3.0f, -2.0f, 0.25f};
  ASSERT_TRUE(WriteSafetensors(dir + "/model.safetensors",
                               {w, F32Tensor(w.name + "_scale_inv", {2, 2}, grid)})
                  .ok());
  testing::WriteFile(dir + "/config.json", std::string(R"({"model_type": "llama",
      "quantization_config": {"quant_method": "fp8", "fmt": "e4m3", "weight_block_size": [4, 4]}})"));
  Model m = Load(dir);
  ASSERT_EQ(m.tensors.size(), 1u) << "the scale is part of its weight, not a tensor";
  EXPECT_TRUE(m.unmapped.empty());
  const ModelTensor& t = m.tensors[0];
  ASSERT_TRUE(t.block_scale.has_value());
  auto v = ReadF32(t, 1 << 10);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  for (uint64_t r = 0; r < 5; ++r) {
    for (uint64_t c = 0; c < 6; ++c) {
      float fp8 = (r == 1 && c == 1) ? 2.0f : 1.0f;
      EXPECT_FLOAT_EQ((*v)[r * 6 + c], fp8 * grid[(r / 4) * 2 + c / 4]) << r << "," << c;
    }
  }
  EXPECT_EQ(CountParameters(m).total, 30u);
  std::filesystem::remove_all(dir);
}

// A scale grid that does not tile the weight would give wrong values: the weight is kept out of
// the analyses (unmapped) with a note naming it, never decoded unscaled as if it were right.
TEST(LoadModel, BlockFp8WithMismatchedScaleIsUnmappedWithANote) {
  std::string dir = TempDir("fp8bad");
  WriterTensor w;
  w.name = "model.layers.0.mlp.down_proj.weight";
  w.dtype = DType::kF8_E4M3;
  w.shape = {5, 6};
  w.data.assign(30, 0x38);
  ASSERT_TRUE(WriteSafetensors(dir + "/model.safetensors",
                               {w, F32Tensor(w.name + "_scale_inv", {3, 1}, {1, 1, 1})})
                  .ok());
  testing::WriteFile(dir + "/config.json", std::string(R"({"model_type": "llama",
      "quantization_config": {"weight_block_size": [4, 4]}})"));
  Model m = Load(dir);
  ASSERT_EQ(m.tensors.size(), 1u);
  EXPECT_EQ(m.tensors[0].role, Role::kOther);
  EXPECT_FALSE(m.tensors[0].block_scale.has_value());
  ASSERT_FALSE(m.notes.empty());
  EXPECT_NE(m.notes[0].find("down_proj"), std::string::npos) << m.notes[0];
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lineage
