#include "io/hub/weight_files.h"

#include <gtest/gtest.h>

namespace lineage {

TEST(WeightFilesTest, WeightsAreReadByRanges) {
  EXPECT_TRUE(IsWeightFile("model-00001-of-00002.safetensors", 10));
  EXPECT_TRUE(IsWeightFile("m.GGUF", std::nullopt));
  EXPECT_TRUE(IsWeightFile("pytorch_model.bin", std::nullopt));  // unknown size
  EXPECT_TRUE(IsWeightFile("pytorch_model.bin", kSmallPickleBytes + 1));
  EXPECT_FALSE(IsWeightFile("training_args.bin", 5000));  // small pickle: whole
  EXPECT_FALSE(IsWeightFile("config.json", std::nullopt));
  EXPECT_FALSE(IsWeightFile("tokenizer.model", 500000));
  EXPECT_TRUE(IsIgnoredRepoFile("README.md"));
  EXPECT_TRUE(IsIgnoredRepoFile(".gitattributes"));
  EXPECT_FALSE(IsIgnoredRepoFile("config.json"));
}

}  // namespace lineage
