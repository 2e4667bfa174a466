#include "arch/catalog.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace lineage {
namespace {

TEST(CatalogTest, ShippedCatalogLoadsAndDeduplicates) {
  auto cat = LoadCatalog({std::string(LINEAGE_SOURCE_DIR) + "/data/catalog"});
  ASSERT_TRUE(cat.ok()) << cat.status().ToString();
  EXPECT_GE(cat->entries.size(), 15u);
  EXPECT_TRUE(cat->skipped.empty()) << cat->skipped.front();
  for (size_t i = 0; i < cat->entries.size(); ++i) {
    for (size_t j = i + 1; j < cat->entries.size(); ++j) {
      EXPECT_FALSE(SameArchitecture(cat->entries[i], cat->entries[j]))
          << cat->entries[i].source << " duplicates " << cat->entries[j].source;
    }
  }
}

TEST(CatalogTest, UserDirectoryExtendsAndNonConfigsAreSkipped) {
  std::string dir = testing::TempDir("catalog");
  testing::WriteFile(
      dir + "/a.json",
      std::string(R"({"model_type": "x", "hidden_size": 1, "num_hidden_layers": 2})"));
  testing::WriteFile(
      dir + "/dup.json",
      std::string(
          R"({"model_type": "x", "hidden_size": 1, "num_hidden_layers": 2, "torch_dtype": "float16"})"));
  testing::WriteFile(dir + "/index.json", std::string(R"({"weight_map": {}})"));
  testing::WriteFile(dir + "/broken.json", std::string("{"));
  auto cat = LoadCatalog({dir});
  ASSERT_TRUE(cat.ok());
  EXPECT_EQ(cat->entries.size(), 1u);  // dup differs only in metadata
  EXPECT_EQ(cat->skipped.size(), 2u);
}

TEST(CatalogTest, MissingDirectoryIsAnError) {
  auto cat = LoadCatalog({"/nonexistent-catalog"});
  ASSERT_FALSE(cat.ok());
  EXPECT_NE(cat.status().message().find("/nonexistent-catalog"), std::string::npos);
}

}  // namespace
}  // namespace lineage
