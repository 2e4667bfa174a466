// Relation and ancestry end to end (issue 13): `lineage weights` says that two models share
// trained weights, names a direction only with evidence, and mirrors it when the arguments swap.
// Runs on the shipped examples and on fixtures written here with the safetensors writer (a depth
// up-scaled and a vocabulary-extended copy of examples/models/base).
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "format/safetensors_writer.h"
#include "model/model.h"
#include "model_fixtures.h"
#include "test_util.h"

namespace lineage::testing {
namespace {

namespace fs = std::filesystem;

nlohmann::json WeightsJson(const std::string& cand, const std::string& base) {
  CliResult r = RunCli({"weights", cand, base, "--json", "--threads", "2"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out, nullptr, false);
}

std::string Mirror(const std::string& a) {
  if (a == "candidate_from_base") return "base_from_candidate";
  if (a == "base_from_candidate") return "candidate_from_base";
  return a;
}

bool HasEvidence(const nlohmann::json& j, const std::string& id) {
  for (const auto& e : j["ancestry_evidence"]) {
    if (e["id"] == id) return true;
  }
  return false;
}

// Both orders: the same verdict, the mirrored ancestry. Returns the ancestry of cand vs base.
std::string BothOrders(const std::string& cand, const std::string& base) {
  const nlohmann::json fwd = WeightsJson(cand, base), back = WeightsJson(base, cand);
  EXPECT_EQ(fwd["schema_version"], "2.5");
  EXPECT_EQ(fwd["verdict"], back["verdict"]) << cand << " vs " << base;
  EXPECT_EQ(back["ancestry"], Mirror(fwd["ancestry"].get<std::string>())) << cand << " vs " << base;
  return fwd["ancestry"].get<std::string>();
}

TEST(CliAncestry, ExamplePairsMirrorAndClaimNoDirectionWithoutEvidence) {
  const std::string base = Example("models/base"), ft = Example("models/ft-sft");
  // A fine-tune of the same shape and dtype: related, and nothing says which came first.
  EXPECT_EQ(BothOrders(base, ft), "unknown");
  EXPECT_EQ(BothOrders(Example("models/base-gguf-f32/base-gguf-f32.gguf"), base), "unknown");
  EXPECT_EQ(BothOrders(ft, Example("models/perm")), "unknown");
}

TEST(CliAncestry, TextSaysSharedWeightsNotDerivedFrom) {
  const std::string base = Example("models/base"), ft = Example("models/ft-sft");
  for (const auto& [cand, other] :
       std::vector<std::pair<std::string, std::string>>{{base, ft}, {ft, base}}) {
    CliResult en = RunCli({"weights", cand, other, "--quiet", "--threads", "2"});
    ASSERT_EQ(en.exit_code, 0) << en.err;
    EXPECT_NE(en.out.find("shares trained weights"), std::string::npos) << en.out;
    EXPECT_NE(en.out.find("which came first is unknown"), std::string::npos) << en.out;
    EXPECT_EQ(en.out.find("derived from"), std::string::npos) << en.out;
    CliResult ko = RunCli({"weights", cand, other, "--quiet", "--threads", "2", "--lang", "ko"});
    ASSERT_EQ(ko.exit_code, 0) << ko.err;
    EXPECT_NE(ko.out.find("학습된 가중치 공유"), std::string::npos) << ko.out;
    EXPECT_EQ(ko.out.find("파생되었"), std::string::npos) << ko.out;
  }
}

// A copy of examples/models/base whose tensors are rewritten by `edit` (stored name → tensors to
// write), with its config patched and its tokenizer files copied.
using Edit = std::vector<WriterTensor> (*)(const ModelTensor&, const std::vector<float>&);

std::string WriteVariant(const std::string& tag, Edit edit, const nlohmann::json& config_patch) {
  const std::string src = Example("models/base");
  const std::string dir = TempDir(tag);
  Model m = LoadOrFail(src);
  std::vector<WriterTensor> out;
  for (const ModelTensor& t : m.tensors) {
    auto v = ReadF32(t, 1 << 24);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    if (!v.ok()) return dir;
    for (WriterTensor& w : edit(t, *v)) out.push_back(std::move(w));
  }
  Status st = WriteSafetensors(dir + "/model.safetensors", out);
  EXPECT_TRUE(st.ok()) << st.ToString();
  nlohmann::json config = nlohmann::json::parse(ReadFile(src + "/config.json"));
  config.merge_patch(config_patch);
  WriteFile(dir + "/config.json", config.dump(2));
  for (const char* f : {"tokenizer.json", "tokenizer_config.json"}) {
    fs::copy_file(src + "/" + f, dir + "/" + f, fs::copy_options::overwrite_existing);
  }
  return dir;
}

WriterTensor F32(const std::string& name, std::vector<uint64_t> shape,
                 const std::vector<float>& v) {
  WriterTensor w{name, DType::kF32, std::move(shape), std::vector<uint8_t>(v.size() * 4)};
  std::memcpy(w.data.data(), v.data(), w.data.size());
  return w;
}

// SOLAR-style up-scaling: blocks 0..3 then 1..4 again (8 blocks from 5).
std::vector<WriterTensor> Upscale(const ModelTensor& t, const std::vector<float>& v) {
  const std::string prefix = "model.layers.";
  if (t.name.rfind(prefix, 0) != 0) return {F32(t.name, t.info.shape, v)};
  const size_t dot = t.name.find('.', prefix.size());
  const int layer = std::stoi(t.name.substr(prefix.size(), dot - prefix.size()));
  const std::vector<int> order = {0, 1, 2, 3, 1, 2, 3, 4};
  std::vector<WriterTensor> out;
  for (size_t n = 0; n < order.size(); ++n) {
    if (order[n] == layer) {
      out.push_back(F32(prefix + std::to_string(n) + t.name.substr(dot), t.info.shape, v));
    }
  }
  return out;
}

// 64 new embedding rows (seeded noise at the embedding's scale) after the 512 trained ones.
std::vector<WriterTensor> ExtendVocabulary(const ModelTensor& t, const std::vector<float>& v) {
  if (t.name != "model.embed_tokens.weight") return {F32(t.name, t.info.shape, v)};
  const uint64_t rows = t.info.shape[0], cols = t.info.shape[1];
  std::vector<float> grown = v;
  std::mt19937_64 rng(13);
  std::normal_distribution<float> noise(0.0f, 0.02f);
  for (uint64_t i = 0; i < 64 * cols; ++i) grown.push_back(noise(rng));
  return {F32(t.name, {rows + 64, cols}, grown)};
}

TEST(CliAncestry, DepthUpscaledCopyIsNamedTheDescendantInBothOrders) {
  const std::string base = Example("models/base");
  const std::string up = WriteVariant("ancestry-upscaled", Upscale, {{"num_hidden_layers", 8}});
  EXPECT_EQ(BothOrders(up, base), "candidate_from_base");
  const nlohmann::json j = WeightsJson(base, up);
  EXPECT_EQ(j["verdict"], "derived");
  EXPECT_TRUE(HasEvidence(j, "ancestry.evidence.depth_upscaling")) << j["ancestry_evidence"];
}

TEST(CliAncestry, VocabularyExtendedCopyIsNamedTheDescendantInBothOrders) {
  const std::string base = Example("models/base");
  const std::string ext = WriteVariant("ancestry-vocab", ExtendVocabulary, {{"vocab_size", 576}});
  EXPECT_EQ(BothOrders(ext, base), "candidate_from_base");
  const nlohmann::json j = WeightsJson(ext, base);
  EXPECT_EQ(j["verdict"], "derived");
  EXPECT_TRUE(HasEvidence(j, "ancestry.evidence.vocab_extension")) << j["ancestry_evidence"];
}

}  // namespace
}  // namespace lineage::testing
