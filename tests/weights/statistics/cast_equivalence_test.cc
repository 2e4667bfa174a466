#include "weights/statistics/cast_equivalence.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "model_fixtures.h"
#include "test_util.h"

namespace lineage {
namespace {

// A BF16 cast of examples/models/base against the F32 original: every element agrees once
// rounded; the shifted comparison does not. ft-sft (fine-tuned) does not reach 100 %.
TEST(CastEquivalence, Bf16CastOfBaseIsEquivalentAndFineTuneIsNot) {
  auto base = LoadModel(testing::Example("models/base"));
  auto ft = LoadModel(testing::Example("models/ft-sft"));
  ASSERT_TRUE(base.ok() && ft.ok());
  std::string dir = testing::TempDir("cast");
  ASSERT_TRUE(testing::WriteBf16Copy(*base, dir + "/model.safetensors", testing::CopyKind::kBf16));
  auto cast = LoadModel(dir);
  ASSERT_TRUE(cast.ok());
  std::map<std::string, const ModelTensor*> by_name;
  for (const ModelTensor& t : cast->tensors) by_name[t.name] = &t;
  int matrices = 0;
  for (size_t i = 0; i < base->tensors.size(); ++i) {
    const ModelTensor& a = base->tensors[i];
    SCOPED_TRACE(a.name);
    auto r = CompareCast(a, *by_name.at(a.name), 1 << 20);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->narrow, DType::kBF16);
    EXPECT_EQ(r->equal_fraction, 1.0);
    if (a.shape.size() == 2) {
      ++matrices;
      EXPECT_LT(r->shifted_fraction, 0.2);
      auto f = CompareCast(ft->tensors[i], *by_name.at(a.name), 1 << 20);
      ASSERT_TRUE(f.ok());
      EXPECT_LT(f->equal_fraction, 0.9);
    }
  }
  EXPECT_EQ(matrices, 36);  // embed + 7 matrices × 5 layers
  EXPECT_FALSE(CompareCast(base->tensors[0], base->tensors[0], 1 << 20).ok());  // same dtype
  EXPECT_EQ(CompareCast(base->tensors[0], *by_name.at(base->tensors[0].name), 10).status().code(),
            Status::Code::kRefused);  // over the caller's bound
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lineage
