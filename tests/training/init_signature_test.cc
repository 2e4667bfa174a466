#include "training/init_signature.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <random>

#include "format/safetensors_writer.h"
#include "model/model.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;

Mat Gaussian(int rows, int cols, double sd, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> n(0, static_cast<float>(sd));
  Mat m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = n(rng);
  return m;
}

// Random matrices of every shape the example model has (and larger ones) must look random:
// this bounds the false-positive rate of the per-matrix rule.
TEST(MatrixInitSignatureTest, IidMatricesLookRandom) {
  uint32_t seed = 1;
  for (auto [r, c] : std::vector<std::pair<int, int>>{
           {32, 64}, {64, 64}, {172, 64}, {64, 172}, {512, 64}, {300, 300}, {128, 1024}}) {
    for (int rep = 0; rep < 8; ++rep) {
      MatrixSignature s = MatrixInitSignature(Gaussian(r, c, 0.02, seed++), "m");
      EXPECT_FALSE(s.trained) << r << "x" << c << ": " << s.reason;
      EXPECT_NEAR(s.std, 0.02, 0.004);
    }
  }
  // Uniform (Xavier-style) and constant (zero-init) matrices are initialisation too.
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-0.05f, 0.05f);
  Mat m(128, 256);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = u(rng);
  EXPECT_FALSE(MatrixInitSignature(m, "uniform").trained)
      << MatrixInitSignature(m, "uniform").reason;
  EXPECT_FALSE(MatrixInitSignature(Mat::Zero(64, 64), "zero").trained);
}

TEST(MatrixInitSignatureTest, LowRankStructureIsTrained) {
  Mat w = Gaussian(128, 256, 0.02, 11);
  Mat u = Gaussian(128, 2, 1.0, 12), v = Gaussian(2, 256, 1.0, 13);
  w += 0.01f * u * v;  // two learned directions, well above the bulk
  MatrixSignature s = MatrixInitSignature(w, "spiked");
  EXPECT_TRUE(s.trained);
  EXPECT_GE(s.beyond_edge, 1);
  EXPECT_GT(s.top_over_edge, 1.2);
}

TEST(MatrixInitSignatureTest, HeavyTailsAreTrained) {
  std::mt19937 rng(5);
  std::student_t_distribution<float> t(3);
  Mat w(256, 256);
  for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = 0.01f * t(rng);
  MatrixSignature s = MatrixInitSignature(w, "t3");
  EXPECT_TRUE(s.trained);
  EXPECT_GT(s.excess_kurtosis, 1.0);
}

TEST(InitCheckTest, LargeMatricesAreSubsampledAndSaySo) {
  InMemoryWeights w;
  w.mutable_layout().num_layers = 1;
  TensorKey k;
  k.role = Role::kGate;
  k.layer = 0;
  w.Set(k, Gaussian(3000, 200, 0.02, 21));
  InitCheckOptions opt;
  opt.max_rows = 256;
  opt.max_cols = 128;
  opt.threads = 2;
  auto r = InitCheck(w, opt);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->verdict, "random");
  ASSERT_EQ(r->tensors.size(), 1u);
  EXPECT_EQ(r->tensors[0].used_rows, 256u);
  EXPECT_EQ(r->tensors[0].used_cols, 128u);
  EXPECT_EQ(r->tensors[0].rows, 3000u);
  EXPECT_NE(r->notes[0].find("subsampled"), std::string::npos);
}

Model Load(const std::string& path) {
  auto m = LoadModel(path);
  EXPECT_TRUE(m.ok()) << path << ": " << m.status().ToString();
  return std::move(m).value();
}

std::string Verdict(const std::string& path) {
  Model m = Load(path);
  auto r = InitCheck(m, InitCheckOptions{});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r->verdict : "";
}

TEST(InitCheckTest, EveryShippedTrainedModelIsTrained) {
  for (const char* m : {"base", "ft-sft", "perm", "indep-s1", "traj-s1/step-00050",
                        "traj-s1/step-00200", "traj-s1/step-01000", "traj-s1/step-02400"}) {
    EXPECT_EQ(Verdict(Example(std::string("models/") + m)), "trained") << m;
  }
  EXPECT_EQ(Verdict(Example("models/base-gguf-f32/base-gguf-f32.gguf")), "trained");
}

TEST(InitCheckTest, ShippedStepZeroIsRandom) {
  Model m = Load(Example("models/traj-s1/step-00000"));
  auto r = InitCheck(m, InitCheckOptions{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->verdict, "random");
  for (const auto& c : r->components)
    EXPECT_EQ(c.verdict, "random") << c.name << ": " << c.evidence;
  nlohmann::json j = InitCheckJson(*r);
  EXPECT_EQ(j["init_check"], "random");
  EXPECT_TRUE(j["components"].is_array());
}

// Writes a model with the shapes of examples/models/base: matrices N(0, 0.02²) (or copied from
// base for the roles in `copy`), norms 1, as a fresh Llama-style initialisation would.
std::string WriteFreshModel(const std::string& tag, uint32_t seed, const std::vector<Role>& copy) {
  Model base = Load(Example("models/base"));
  std::mt19937 rng(seed);
  std::normal_distribution<float> n(0, 0.02f);
  std::vector<WriterTensor> out;
  for (const ModelTensor& t : base.tensors) {
    WriterTensor w;
    w.name = t.name;
    w.shape = t.shape;
    std::vector<float> v(t.numel());
    const bool norm =
        t.role == Role::kAttnNorm || t.role == Role::kMlpNorm || t.role == Role::kFinalNorm;
    if (std::find(copy.begin(), copy.end(), t.role) != copy.end()) {
      auto data = ReadF32(t, 1 << 20);
      EXPECT_TRUE(data.ok());
      v = *data;
    } else {
      for (float& x : v) x = norm ? 1.0f : n(rng);
    }
    w.data.resize(v.size() * 4);
    std::memcpy(w.data.data(), v.data(), w.data.size());
    out.push_back(std::move(w));
  }
  std::string dir = testing::TempDir(tag);
  EXPECT_TRUE(WriteSafetensors(dir + "/model.safetensors", out).ok());
  std::filesystem::copy_file(Example("models/base/config.json"), dir + "/config.json");
  return dir;
}

TEST(InitCheckTest, GeneratedRandomInitModelIsRandom) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    EXPECT_EQ(Verdict(WriteFreshModel("fresh", seed, {})), "random") << seed;
  }
}

TEST(InitCheckTest, FreshModelWithCopiedEmbeddingIsMixedNamingTheEmbedding) {
  Model m = Load(WriteFreshModel("fresh-embed", 4, {Role::kEmbed}));
  auto r = InitCheck(m, InitCheckOptions{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->verdict, "mixed");
  for (const auto& c : r->components) {
    EXPECT_EQ(c.verdict, c.name == "embed" ? "trained" : "random") << c.name << ": " << c.evidence;
  }
}

TEST(InitCheckTest, EmptySourceIsAnError) {
  InMemoryWeights w;
  EXPECT_FALSE(InitCheck(w, InitCheckOptions{}).ok());
}

}  // namespace
}  // namespace lineage
