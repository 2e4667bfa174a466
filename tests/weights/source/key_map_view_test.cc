// KeyMapView: every query goes through the subclass's map; a key mapped nowhere, or to a key the
// inner source lacks, is absent through every query.
#include "weights/source/key_map_view.h"

#include <gtest/gtest.h>

#include "weights/fixtures.h"

namespace lineage::testing {
namespace {

// Shows the inner source's blocks shifted down by one (view block b is inner block b + 1) and
// hides the final norm: a map with a renaming, a key sent nowhere, and keys passed as they are.
class ShiftedBlocks : public KeyMapView {
 public:
  explicit ShiftedBlocks(const WeightSource& inner) : KeyMapView(inner), layout_(inner.layout()) {
    layout_.num_layers -= 1;
  }
  const WeightLayout& layout() const override { return layout_; }
  std::vector<TensorKey> Keys() const override { return {}; }

 private:
  std::optional<TensorKey> ToInner(const TensorKey& key) const override {
    if (key.role == Role::kFinalNorm) return std::nullopt;
    TensorKey k = key;
    if (k.layer >= 0) k.layer += 1;
    return k;
  }
  WeightLayout layout_;
};

TEST(KeyMapView, ForwardsEveryQueryThroughTheMap) {
  InMemoryWeights base = RandomInitModel(TinyShape(), 3);
  base.Set(Key(Role::kUp, 1), base.Read(Key(Role::kUp, 1)).value(), "BF16");
  ShiftedBlocks view(base);
  const TensorKey up0 = Key(Role::kUp, 0), inner_up1 = Key(Role::kUp, 1);
  ASSERT_TRUE(view.Has(up0));
  EXPECT_EQ(view.Shape(up0), base.Shape(inner_up1));
  EXPECT_EQ(view.DTypeOf(up0), "BF16");
  EXPECT_EQ(view.Read(up0).value(), base.Read(inner_up1).value());
  EXPECT_EQ(view.ReadRows(up0, {2, 0}).value(), base.ReadRows(inner_up1, {2, 0}).value());
  int64_t rows = 0;
  ASSERT_TRUE(view.Stream(up0, 3,
                          [&](const float*, uint64_t, uint64_t n) {
                            rows += static_cast<int64_t>(n);
                            return Status::Ok();
                          })
                  .ok());
  EXPECT_EQ(static_cast<uint64_t>(rows), base.Shape(inner_up1).first);
  EXPECT_EQ(view.Stored(up0), base.Stored(inner_up1));
  EXPECT_EQ(view.StoredIsCanonical(up0), base.StoredIsCanonical(inner_up1));
}

TEST(KeyMapView, AKeyMappedNowhereOrToNothingIsAbsentEverywhere) {
  InMemoryWeights base = RandomInitModel(TinyShape(), 3);
  ShiftedBlocks view(base);
  ASSERT_TRUE(base.Has(Key(Role::kFinalNorm)));
  const int past_end = base.layout().num_layers - 1;  // maps to one past the inner's last block
  for (const TensorKey& k : {Key(Role::kFinalNorm), Key(Role::kUp, past_end)}) {
    EXPECT_FALSE(view.Has(k));
    EXPECT_EQ(view.Shape(k), (std::pair<uint64_t, uint64_t>{0, 0}));
    EXPECT_EQ(view.DTypeOf(k), "");
    EXPECT_EQ(view.Stored(k), nullptr);
    EXPECT_FALSE(view.StoredIsCanonical(k));
    EXPECT_EQ(view.Read(k).status().code(), Status::Code::kNotFound);
    EXPECT_EQ(view.ReadRows(k, {0}).status().code(), Status::Code::kNotFound);
    EXPECT_EQ(
        view.Stream(k, 1, [](const float*, uint64_t, uint64_t) { return Status::Ok(); }).code(),
        Status::Code::kNotFound);
  }
}

}  // namespace
}  // namespace lineage::testing
