#include "tokenizer/canonical.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(CanonicalTest, ByteLevelAlphabetRoundTripsEveryByte) {
  for (int b = 0; b < 256; ++b) {
    std::string one(1, static_cast<char>(b));
    auto back = ByteLevelToBytes(BytesToByteLevel(one));
    ASSERT_TRUE(back.has_value()) << b;
    EXPECT_EQ(*back, one) << b;
  }
  EXPECT_EQ(BytesToByteLevel(" "), "\xC4\xA0");                   // Ġ
  EXPECT_EQ(BytesToByteLevel("\n"), "\xC4\x8A");                  // Ċ
  EXPECT_EQ(BytesToByteLevel(std::string(1, '\0')), "\xC4\x80");  // Ā
  EXPECT_FALSE(ByteLevelToBytes("\xE2\x96\x81").has_value());     // ▁ is outside the alphabet
  EXPECT_FALSE(ByteLevelToBytes("\xC4").has_value());             // truncated UTF-8
}

TEST(CanonicalTest, SentencePieceSpacesAndByteTokens) {
  EXPECT_EQ(SentencePieceToBytes("\xE2\x96\x81the\xE2\x96\x81"), " the ");
  EXPECT_EQ(ParseByteToken("<0x0A>"), uint8_t{0x0A});
  EXPECT_EQ(ParseByteToken("<0xff>"), uint8_t{0xFF});
  EXPECT_FALSE(ParseByteToken("<0xG0>").has_value());
  EXPECT_FALSE(ParseByteToken("<0x0A").has_value());
}

TEST(CanonicalTest, Base64IsStrict) {
  EXPECT_EQ(DecodeBase64("aGVsbG8="), "hello");
  EXPECT_EQ(DecodeBase64("IQ=="), "!");
  EXPECT_EQ(DecodeBase64(""), "");
  EXPECT_FALSE(DecodeBase64("aGVsbG8").has_value());   // length
  EXPECT_FALSE(DecodeBase64("aGV=bG8=").has_value());  // padding inside
  EXPECT_FALSE(DecodeBase64("a===").has_value());      // three pads
  EXPECT_FALSE(DecodeBase64("aGV-").has_value());      // URL-safe alphabet is not tiktoken's
}

}  // namespace
}  // namespace lineage
