#include "io/cache/range_meta.h"

#include <gtest/gtest.h>

namespace lineage {

TEST(RangeMetaTest, RoundTrips) {
  RangeMeta m{"org/name",
              "0123456789abcdef0123456789abcdef01234567",
              "sub/model.safetensors",
              123456789,
              "abc",
              1 << 20};
  auto back = ParseRangeMeta(FormatRangeMeta(m), "meta");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, m);
  m.etag = "";
  EXPECT_EQ(*ParseRangeMeta(FormatRangeMeta(m), "meta"), m);
}

TEST(RangeMetaTest, RefusesDamage) {
  const RangeMeta m{
      "org/name", "0123456789abcdef0123456789abcdef01234567", "m.safetensors", 10, "e", 4096};
  const std::string good = FormatRangeMeta(m);
  EXPECT_FALSE(ParseRangeMeta(good.substr(0, good.size() - 1), "meta").ok());  // cut
  EXPECT_FALSE(ParseRangeMeta(good + "x", "meta").ok());
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  EXPECT_FALSE(ParseRangeMeta(replace("chunk 4096", "chunk 4097"), "meta").ok());
  EXPECT_FALSE(ParseRangeMeta(replace("chunk 4096", "chunk 1024"), "meta").ok());
  EXPECT_FALSE(ParseRangeMeta(replace("size 10", "size -10"), "meta").ok());
  EXPECT_FALSE(ParseRangeMeta(replace("size 10", "size 010"), "meta").ok());
  EXPECT_FALSE(ParseRangeMeta(replace("file m.safetensors", "file ../x"), "meta").ok());
  EXPECT_FALSE(ParseRangeMeta(replace("commit 0123", "commit x123"), "meta").ok());
  EXPECT_FALSE(ParseRangeMeta(replace("repo org/name", "repo org"), "meta").ok());
  EXPECT_FALSE(
      ParseRangeMeta(replace("lineage-range-cache 1", "lineage-range-cache 2"), "meta").ok());
  EXPECT_FALSE(ParseRangeMeta(replace("etag e", "etag a b"), "meta").ok());
  EXPECT_FALSE(ParseRangeMeta(std::string(5000, 'a'), "meta").ok());
}

}  // namespace lineage
