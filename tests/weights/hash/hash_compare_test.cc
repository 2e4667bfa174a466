#include "weights/hash/hash_compare.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

StoredDigest S(const char* name, const char* sha) {
  StoredDigest d;
  d.name = name;
  d.sha256 = sha;
  return d;
}

ValueDigest V(const char* name, const char* key, const char* sha) {
  ValueDigest d;
  d.name = name;
  d.key = key;
  d.sha256 = sha;
  return d;
}

TEST(HashCompare, SameNameFirstThenAcrossNamesOneToOne) {
  ModelDigests a, b;
  a.stored = {S("x", "1"), S("y", "2"), S("z", "2"), S("w", "9")};
  b.stored = {S("x", "1"), S("q", "2"), S("y", "3")};
  HashComparison c = CompareDigests(a, b);
  ASSERT_EQ(c.identical.size(), 2u);
  EXPECT_EQ(c.identical[0].a, "x");
  EXPECT_TRUE(c.identical[0].same_identity);
  EXPECT_EQ(c.identical[1].a, "y");  // y and z share a digest; only one can pair with q
  EXPECT_EQ(c.identical[1].b, "q");
  EXPECT_FALSE(c.identical[1].same_identity);
}

TEST(HashCompare, ValuesPairByCanonicalKeyBeforeDigest) {
  ModelDigests a, b;
  // Two equal-valued tensors (e.g. freshly initialised norms): the key decides the pairing.
  a.values = {V("a.n0", "trunk/attn_norm/L0", "ones"), V("a.n1", "trunk/attn_norm/L1", "ones")};
  b.values = {V("b.n1", "trunk/attn_norm/L1", "ones"), V("b.n0", "trunk/attn_norm/L0", "ones"),
              V("b.u", "trunk/up/L0", "")};
  HashComparison c = CompareDigests(a, b);
  ASSERT_EQ(c.value_identical.size(), 2u);
  EXPECT_EQ(c.value_identical[0].b, "b.n0");
  EXPECT_EQ(c.value_identical[1].b, "b.n1");
  EXPECT_EQ(c.same_key_a, 2u);
}

TEST(HashCompare, UndecodedTensorsNeverMatch) {
  ModelDigests a, b;
  a.values = {V("a", "k", "")};
  b.values = {V("b", "k", "")};
  EXPECT_TRUE(CompareDigests(a, b).value_identical.empty());
}

}  // namespace
}  // namespace lineage
