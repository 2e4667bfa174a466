// WeightSource row reads: streamed embedding rows equal the rows of a whole read, through the
// model reader and through ModelWeightSource alike, and bad row ids are errors naming the tensor.
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/model.h"
#include "test_util.h"
#include "weights/source/model_weight_source.h"

namespace lineage {
namespace {

using testing::Example;

TEST(StreamedEmbedding, RowsReadEqualTheRowsOfAWholeRead) {
  Result<Model> m = LoadModel(Example("models/base"));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const ModelTensor* embed = m->Find(Role::kEmbed);
  ASSERT_NE(embed, nullptr);
  Result<std::vector<float>> whole = ReadF32(*embed, uint64_t{1} << 30);
  ASSERT_TRUE(whole.ok());
  const uint64_t rows = embed->rows(), cols = embed->cols();
  ASSERT_GT(rows, 10u);
  // Unsorted, with a repeat, a run of consecutive rows and both ends.
  const std::vector<int64_t> pick = {static_cast<int64_t>(rows) - 1, 3, 4, 5, 0, 4, 7,
                                     static_cast<int64_t>(rows / 2)};
  std::vector<float> out(pick.size() * cols);
  ASSERT_TRUE(ReadRowsF32(*embed, pick, out).ok());
  for (size_t k = 0; k < pick.size(); ++k) {
    for (uint64_t c = 0; c < cols; ++c) {
      ASSERT_EQ(out[k * cols + c], (*whole)[pick[k] * cols + c]) << "row " << pick[k];
    }
  }
  ModelWeightSource src(*m);
  Result<Mat> via_source = src.ReadRows(Key(Role::kEmbed), pick);
  ASSERT_TRUE(via_source.ok());
  EXPECT_EQ(std::vector<float>(via_source->data(), via_source->data() + via_source->size()), out);
}

TEST(StreamedEmbedding, BadRowIdsAndSizesAreErrorsNamingTheTensor) {
  Result<Model> m = LoadModel(Example("models/base"));
  ASSERT_TRUE(m.ok());
  const ModelTensor* embed = m->Find(Role::kEmbed);
  ASSERT_NE(embed, nullptr);
  const int64_t rows = static_cast<int64_t>(embed->rows());
  std::vector<float> out(embed->cols());
  for (int64_t bad : {rows, int64_t{-1}}) {
    const std::vector<int64_t> pick = {bad};
    Status st = ReadRowsF32(*embed, pick, out);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.code(), Status::Code::kInvalidArgument);
    EXPECT_NE(st.message().find(embed->name), std::string::npos) << st.message();
    EXPECT_NE(st.message().find(std::to_string(bad)), std::string::npos) << st.message();
  }
  const std::vector<int64_t> two = {0, 1};
  EXPECT_FALSE(ReadRowsF32(*embed, two, out).ok());  // room for one row only
  ModelWeightSource src(*m);
  EXPECT_FALSE(src.ReadRows(Key(Role::kEmbed), {rows}).ok());
}

}  // namespace
}  // namespace lineage
