#include "util/fnv1a.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

// Values from an independent implementation (Python, same constants), so that a changed
// constant or order of xor and multiply, which would change every seeded sample, fails here.
// Note the offset basis (fnv1a.h): these are not the published FNV-1a vectors.
TEST(Fnv1a, MatchesAnIndependentImplementation) {
  EXPECT_EQ(Fnv1aOf(""), 0x14650fb0739d0383ull);
  EXPECT_EQ(Fnv1aOf("a"), 0x44bd8ad473cd9906ull);
  EXPECT_EQ(Fnv1aOf("foobar"), 0x88fad7c0a8ff07f2ull);
}

TEST(Fnv1a, U64MixesItsBytesLeastSignificantFirst) {
  Fnv1a words, bytes;
  words.U64(0x0807060504030201ull);
  for (uint8_t b = 1; b <= 8; ++b) bytes.Byte(b);
  EXPECT_EQ(words.value(), bytes.value());
  Fnv1a other;
  other.U64(0x0102030405060708ull);
  EXPECT_NE(other.value(), words.value());
}

static_assert(Fnv1aOf("a") == 0x44bd8ad473cd9906ull, "usable at compile time");

}  // namespace
}  // namespace lineage
