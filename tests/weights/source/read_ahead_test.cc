// ReadAhead: asks only for mapped bytes, each tensor once, rows merged into runs, within its cap,
// and can be dropped at once.
#include "weights/source/read_ahead.h"

#include <gtest/gtest.h>

#include "model/model.h"
#include "test_util.h"
#include "weights/fixtures.h"
#include "weights/source/model_weight_source.h"

namespace lineage::testing {
namespace {

TEST(ReadAhead, ListsEachMappedTensorOnceAndPlansWithinItsCap) {
  Result<Model> m = LoadModel(Example("models/base"));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ModelWeightSource src(*m);
  std::vector<ReadAheadRange> ranges;
  for (const TensorKey& k :
       {Key(Role::kUp, 0), Key(Role::kGate, 0), Key(Role::kUp, 0), Key(Role::kUp, 999)}) {
    AddTensorAhead(src, k, ranges);
  }
  ASSERT_EQ(ranges.size(), 2u);  // the repeat once, the absent block not at all
  const TensorInfo* up = src.Stored(Key(Role::kUp, 0));
  EXPECT_EQ(ranges[0].source, up->source);
  EXPECT_EQ(ranges[0].offset, up->offset);
  EXPECT_EQ(ranges[0].length, up->nbytes);
  const uint64_t a = ranges[0].length, b = ranges[1].length;
  EXPECT_EQ(ReadAhead(ranges, a + b).planned_bytes(), a + b);
  EXPECT_EQ(ReadAhead(ranges, a + b - 1).planned_bytes(), a);  // stops at the cap, in order
  EXPECT_EQ(ReadAhead(ranges, a - 1).planned_bytes(), 0u);
  EXPECT_GT(ReadAheadCap(), uint64_t{1} << 20);
}

TEST(ReadAhead, MergesConsecutiveRowsIntoOneRange) {
  Result<Model> m = LoadModel(Example("models/base"));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ModelWeightSource src(*m);
  const TensorKey key = Key(Role::kGate, 1);
  ASSERT_TRUE(src.StoredIsCanonical(key));
  const TensorInfo* t = src.Stored(key);
  const uint64_t row = t->nbytes / t->rows();
  std::vector<ReadAheadRange> ranges;
  AddRowsAhead(src, key, {2, 3, 4, 9, static_cast<int32_t>(t->rows()) + 5}, ranges);
  ASSERT_EQ(ranges.size(), 2u);  // 2-4 and 9; the row outside the tensor is left out
  EXPECT_EQ(ranges[0].offset, t->offset + 2 * row);
  EXPECT_EQ(ranges[0].length, 3 * row);
  EXPECT_EQ(ranges[1].offset, t->offset + 9 * row);
  EXPECT_EQ(ranges[1].length, row);
}

TEST(ReadAhead, SkipsSourcesThatAreNotMapped) {
  InMemoryWeights mem = RandomInitModel(TinyShape(), 7);
  std::vector<ReadAheadRange> ranges;
  AddTensorAhead(mem, Key(Role::kUp, 0), ranges);
  AddRowsAhead(mem, Key(Role::kGate, 1), {0, 1}, ranges);
  EXPECT_TRUE(ranges.empty());
  EXPECT_EQ(ReadAhead({{nullptr, 0, 64}}, uint64_t{1} << 30).planned_bytes(), 0u);
}

}  // namespace
}  // namespace lineage::testing
