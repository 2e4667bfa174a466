#include "arch/compare.h"

#include <gtest/gtest.h>

#include "arch/catalog.h"
#include "test_util.h"
#include "util/json.h"

namespace lineage {
namespace {

using testing::Example;
using testing::TestData;

ArchConfig Load(const std::string& path) {
  auto c = LoadArchConfig(path);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return std::move(c).value();
}

ConfigCatalog ShippedCatalog() {
  auto cat = LoadCatalog({std::string(LINEAGE_SOURCE_DIR) + "/data/catalog"});
  EXPECT_TRUE(cat.ok()) << cat.status().ToString();
  return std::move(cat).value();
}

TEST(CompareArchTest, ShippedIndependentModelHasIdenticalArchitecture) {
  ArchComparison cmp =
      CompareArch(Load(Example("models/base")), Load(Example("models/indep-s1")), ShippedCatalog());
  EXPECT_TRUE(cmp.identical);
  EXPECT_TRUE(cmp.Differences().empty());
  // Architecture findings never decide anything.
  for (const Finding& f : ArchFindings(cmp)) {
    EXPECT_EQ(f.analysis, "architecture");
    EXPECT_FALSE(f.decisive);
    EXPECT_EQ(f.direction, Direction::kNeutral);
  }
  nlohmann::json j = ArchComparisonJson(cmp);
  EXPECT_EQ(j["identical"], true);
  EXPECT_TRUE(j["differences"].is_array());
  EXPECT_EQ(j["weight_evidence"], false);
  EXPECT_FALSE(j.contains("statement"));  // rendered by the CLI in the reader's language
}

TEST(CompareArchTest, VicunaVsAtomDiffersInSizes) {
  ArchComparison cmp = CompareArch(Load(TestData("configs/vicuna-13b-4bit-128g")),
                                   Load(TestData("configs/atom-7b")), ShippedCatalog());
  EXPECT_FALSE(cmp.identical);
  std::set<std::string> keys;
  for (const auto* f : cmp.Differences()) keys.insert(f->key);
  EXPECT_TRUE(keys.count("hidden_size"));
  EXPECT_TRUE(keys.count("num_layers"));
  EXPECT_TRUE(keys.count("vocab_size"));
  EXPECT_FALSE(keys.count("activation"));  // both silu
}

TEST(CompareArchTest, NearValuesAreNamedNear) {
  auto a = ParseJson(
      R"({"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32, "vocab_size": 32000})",
      "a");
  auto b = ParseJson(
      R"({"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32, "vocab_size": 32001})",
      "b");
  ArchComparison cmp =
      CompareArch(*ArchConfigFromJson(*a, "a"), *ArchConfigFromJson(*b, "b"), ConfigCatalog{});
  ASSERT_EQ(cmp.Differences().size(), 1u);
  EXPECT_EQ(cmp.Differences()[0]->key, "vocab_size");
  EXPECT_EQ(cmp.Differences()[0]->relation, FieldRelation::kNear);
  EXPECT_FALSE(cmp.identical);
}

// A synthetic catalog where 4096 is common and 10944 never occurs: the rarity rule must call the
// shared 10944 rare and the shared 4096 common, and must not count the compared configs.
TEST(CompareArchTest, RarityCountsOtherCatalogConfigs) {
  ConfigCatalog cat;
  for (int i = 0; i < 10; ++i) {
    auto j = ParseJson(R"({"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": )" +
                           std::to_string(20 + i) + R"(, "intermediate_size": 11008})",
                       "cat");
    cat.entries.push_back(*ArchConfigFromJson(*j, "cat" + std::to_string(i)));
  }
  auto a = ParseJson(
      R"({"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 28, "intermediate_size": 10944})",
      "a");
  ArchConfig ca = *ArchConfigFromJson(*a, "a");
  // The catalog also contains A itself: it must be excluded from the counts.
  cat.entries.push_back(ca);
  ArchComparison cmp = CompareArch(ca, ca, cat);
  EXPECT_EQ(cmp.catalog_configs, 10);
  std::map<std::string, const FieldComparison*> by_key;
  for (const auto& f : cmp.fields) by_key[f.key] = &f;
  EXPECT_TRUE(by_key["intermediate_size"]->rare);
  EXPECT_EQ(by_key["intermediate_size"]->catalog_same, 0);
  EXPECT_FALSE(by_key["hidden_size"]->rare);
  EXPECT_EQ(by_key["hidden_size"]->catalog_same, 10);
  EXPECT_FALSE(by_key["mlp.gated"]->rare);  // booleans are never rare
  auto findings = ArchFindings(cmp);
  bool rare_finding = false;
  for (const auto& f : findings)
    rare_finding |= f.test == "rare_shared_value" && f.component == "intermediate_size";
  EXPECT_TRUE(rare_finding);
}

TEST(CompareArchTest, SmallCatalogCallsNothingRare) {
  ArchConfig a = Load(Example("models/base"));
  ConfigCatalog tiny;
  tiny.entries.push_back(Load(TestData("configs/atom-7b")));
  ArchComparison cmp = CompareArch(a, a, tiny);
  EXPECT_TRUE(cmp.RareShared().empty());
}

}  // namespace
}  // namespace lineage
