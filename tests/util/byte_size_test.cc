#include "util/byte_size.h"

#include <gtest/gtest.h>

namespace lineage {

TEST(ByteSizeTest, Parses) {
  EXPECT_EQ(ParseByteSize("1000"), 1000u);
  EXPECT_EQ(ParseByteSize("5GB"), 5000000000u);
  EXPECT_EQ(ParseByteSize("5 gb"), 5000000000u);
  EXPECT_EQ(ParseByteSize("1.5G"), 1500000000u);
  EXPECT_EQ(ParseByteSize("500MiB"), 500u << 20);
  EXPECT_EQ(ParseByteSize("2TiB"), uint64_t{2} << 40);
  EXPECT_EQ(ParseByteSize("0"), 0u);
  EXPECT_FALSE(ParseByteSize(""));
  EXPECT_FALSE(ParseByteSize("-1GB"));
  EXPECT_FALSE(ParseByteSize("GB"));
  EXPECT_FALSE(ParseByteSize("5 XB"));
  EXPECT_FALSE(ParseByteSize("1.2.3"));
  EXPECT_FALSE(ParseByteSize("99999999999TB"));
}

TEST(ByteSizeTest, Formats) {
  EXPECT_EQ(FormatByteSize(512), "512 B");
  EXPECT_EQ(FormatByteSize(1500000000), "1.5 GB");
  EXPECT_EQ(FormatByteSize(20000), "20.0 KB");
}

}  // namespace lineage
