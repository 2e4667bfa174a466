#include "training/event_proto.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(EventProtoTest, SimpleValueRoundTrip) {
  std::string ev = EncodeScalarEvent(1700000000.5, 42, {{"train/loss", 3.25}, {"lr", 1e-4}});
  auto e = ParseEvent(ev, "f", 0);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->step, 42);
  EXPECT_DOUBLE_EQ(e->wall_time, 1700000000.5);
  ASSERT_EQ(e->scalars.size(), 2u);
  EXPECT_EQ(e->scalars[0].tag, "train/loss");
  EXPECT_FLOAT_EQ(static_cast<float>(e->scalars[0].value), 3.25f);
  EXPECT_FLOAT_EQ(static_cast<float>(e->scalars[1].value), 1e-4f);
}

TEST(EventProtoTest, TensorValueRoundTrip) {
  std::string ev = EncodeScalarEvent(1.0, 7, {{"loss", 10.375}}, /*as_tensor=*/true);
  auto e = ParseEvent(ev, "f", 0);
  ASSERT_TRUE(e.ok());
  ASSERT_EQ(e->scalars.size(), 1u);
  EXPECT_DOUBLE_EQ(e->scalars[0].value, 10.375);
}

TEST(EventProtoTest, FileVersionEventHasNoScalars) {
  auto e = ParseEvent(EncodeFileVersionEvent(5.0), "f", 0);
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->scalars.empty());
}

TEST(EventProtoTest, MalformedInputIsCorruptWithOffset) {
  std::string ev = EncodeScalarEvent(1.0, 3, {{"loss", 2.0}});
  for (size_t cut = 1; cut < ev.size(); ++cut) {
    auto e = ParseEvent(ev.substr(0, cut), "events", 100);
    if (!e.ok()) {
      EXPECT_EQ(e.status().code(), Status::Code::kCorrupt);
      EXPECT_NE(e.status().message().find("events: offset 1"), std::string::npos)
          << e.status().message();
    }
  }
  std::string group = "\x0b";  // field 1, wire type 3 (start group): refused
  EXPECT_FALSE(ParseEvent(group, "g", 0).ok());
  std::string long_varint = "\x10" + std::string(11, '\x80');
  EXPECT_FALSE(ParseEvent(long_varint, "v", 0).ok());
}

}  // namespace
}  // namespace lineage
