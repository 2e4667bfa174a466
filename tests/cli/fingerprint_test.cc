// `lineage fingerprint` (src/cli/cmd_fingerprint.cc): writing a fingerprint, screening two models
// or fingerprint files, and the errors a registry user meets (truncated file, another seed).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;
using testing::RunCli;

class FingerprintCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(testing::TempDir("cli-fp"));
    base_ = new std::string(*dir_ + "/base.lfp");
    auto r = RunCli({"fingerprint", Example("models/base"), "-o", *base_, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["schema"], "lineage.fingerprint");
    EXPECT_EQ(j["blocks"], 5);
    EXPECT_EQ(j["bytes"].get<uint64_t>(), std::filesystem::file_size(*base_));
    // 1.1: what reading the model cost. The file and per-tensor digests come from one read of
    // the file, and the sketches read a part of it again: more than once, less than twice.
    EXPECT_EQ(j["schema_version"], "1.1");
    const uint64_t file = std::filesystem::file_size(Example("models/base/model.safetensors"));
    EXPECT_GE(j["bytes_read"].get<uint64_t>(), file);
    EXPECT_LT(j["bytes_read"].get<uint64_t>(), 2 * file);
    // A fingerprint file is not a model: nothing is read from a model.
    auto again = RunCli({"fingerprint", *base_, "-o", *dir_ + "/copy.lfp", "--json"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(nlohmann::json::parse(again.out)["bytes_read"], 0);
  }
  static nlohmann::json Screen(const std::string& model) {
    auto r = RunCli({"fingerprint", Example("models/" + model), *base_, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
  }
  static std::string* dir_;
  static std::string* base_;
};
std::string* FingerprintCli::dir_ = nullptr;
std::string* FingerprintCli::base_ = nullptr;

TEST_F(FingerprintCli, ScreensDerivedAndIndependentModelsAgainstAFingerprintFile) {
  const nlohmann::json ft = Screen("ft-sft");
  EXPECT_EQ(ft["schema"], "lineage.fingerprint-compare");
  // 1.1: block pairing and where the robust statistic ran (equal depths pair by layer).
  EXPECT_EQ(ft["schema_version"], "1.1");
  EXPECT_FALSE(ft["depth_map"]);
  EXPECT_EQ(ft["map_cells"], 0);
  EXPECT_GE(ft["s2_blocks"].get<int>(), 1);
  EXPECT_LE(ft["s2_blocks"].get<int>(), 4);
  for (const auto& b : ft["blocks"]) EXPECT_EQ(b["layer_b"], b["layer"]);
  EXPECT_TRUE(ft["related_exact"]);
  EXPECT_LT(ft["hits_log10_p"].get<double>(), -12);
  const nlohmann::json perm = Screen("perm");
  EXPECT_FALSE(perm["related_exact"]);
  EXPECT_TRUE(perm["related_robust"]);
  const nlohmann::json indep = Screen("indep-s1");
  EXPECT_FALSE(indep["related_exact"]);
  EXPECT_FALSE(indep["related_robust"]);
}

TEST_F(FingerprintCli, KoreanScreeningSaysRelatedWithoutClaimingAncestry) {
  auto r = RunCli({"fingerprint", Example("models/ft-sft"), *base_, "--lang", "ko"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("관련됨"), std::string::npos) << r.out;
  auto en = RunCli({"fingerprint", Example("models/ft-sft"), *base_});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(en.out.find("related (exact sketch test"), std::string::npos) << en.out;
  EXPECT_EQ(en.out.find("derived"), std::string::npos) << en.out;
}

TEST_F(FingerprintCli, TruncatedFileAndOtherSeedAreClearErrors) {
  const std::vector<uint8_t> bytes = testing::ReadFile(*base_);
  const std::string cut = *dir_ + "/cut.lfp";
  testing::WriteFile(cut, std::vector<uint8_t>(bytes.begin(), bytes.begin() + 5000));
  auto r = RunCli({"fingerprint", Example("models/ft-sft"), cut});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(cut), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("checksum"), std::string::npos) << r.err;

  auto seed = RunCli({"fingerprint", Example("models/ft-sft"), *base_, "--projection-seed", "7"});
  EXPECT_EQ(seed.exit_code, 1);
  EXPECT_NE(seed.err.find("projection seed"), std::string::npos) << seed.err;

  auto usage = RunCli({"fingerprint", *base_, *base_, "-o", *dir_ + "/x.lfp"});
  EXPECT_EQ(usage.exit_code, 2) << usage.err;
  auto bad_seed = RunCli({"fingerprint", *base_, "--projection-seed", "0xZZ"});
  EXPECT_EQ(bad_seed.exit_code, 2) << bad_seed.err;
}

}  // namespace
}  // namespace lineage
