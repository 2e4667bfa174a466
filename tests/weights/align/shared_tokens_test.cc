#include "weights/align/shared_tokens.h"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tokenizer/vocab.h"

namespace lineage {
namespace {

Vocab MakeVocab(const std::vector<std::string>& strings) {
  Vocab v;
  for (size_t i = 0; i < strings.size(); ++i) {
    Token t;
    t.id = static_cast<int64_t>(i);
    t.bytes = strings[i];
    t.surface = strings[i];
    v.tokens.push_back(t);
  }
  return v;
}

// Rows pair by token string, whatever the ids; a side without a vocabulary pairs by id.
TEST(SharedTokens, RowsFromVocabsPairByStringElseById) {
  const Vocab a = MakeVocab({"the", "cat", "sat", "on", "mat"});
  const Vocab b = MakeVocab({"mat", "dog", "on", "the", "cat", "sat"});
  SharedTokenRows s = SharedRowsFromVocabs(&a, &b, 5, 6, 3);
  EXPECT_FALSE(s.assumed_same_ids);
  ASSERT_EQ(s.size(), 5u);
  const std::map<int64_t, int64_t> expect = {{0, 3}, {1, 4}, {2, 5}, {3, 2}, {4, 0}};
  for (size_t k = 0; k < s.size(); ++k) EXPECT_EQ(s.rows_b[k], expect.at(s.rows_a[k]));
  EXPECT_EQ(s.probes.size(), 3u);
  EXPECT_EQ(s.fit_half.size() + s.score_half.size(), 5u);

  // Rows outside an embedding are dropped and counted.
  SharedTokenRows short_b = SharedRowsFromVocabs(&a, &b, 5, 4, 3);
  EXPECT_EQ(short_b.size(), 3u);  // "cat" (4) and "sat" (5) fall outside 4 rows
  EXPECT_EQ(short_b.dropped_out_of_range, 2);

  SharedTokenRows by_id = SharedRowsFromVocabs(&a, nullptr, 5, 6, 3);
  EXPECT_TRUE(by_id.assumed_same_ids);
  ASSERT_EQ(by_id.size(), 5u);
  for (size_t k = 0; k < by_id.size(); ++k) EXPECT_EQ(by_id.rows_a[k], by_id.rows_b[k]);
}

// The first k pairs in hash order, with every index list restricted to them.
TEST(SharedTokens, FirstPairsKeepsAHashPrefixAndItsHalves) {
  const SharedTokenRows all = AssumeSameIds(1000, 1200, 50);
  const SharedTokenRows first = FirstPairs(all, 300);
  ASSERT_EQ(first.size(), 300u);
  for (size_t k = 0; k < first.size(); ++k) {
    EXPECT_EQ(first.rows_a[k], all.rows_a[k]);
    EXPECT_EQ(first.hashes[k], all.hashes[k]);
  }
  EXPECT_EQ(first.fit_half.size() + first.score_half.size(), 300u);
  for (int32_t i : first.fit_half) EXPECT_LT(i, 300);
  for (int32_t i : first.score_half) EXPECT_LT(i, 300);
  EXPECT_GT(first.fit_half.size(), 100u);  // both halves survive a prefix
  EXPECT_GT(first.score_half.size(), 100u);
  EXPECT_EQ(first.probes, all.probes);  // the probes are the first 50 pairs already
  EXPECT_TRUE(first.assumed_same_ids);
  EXPECT_EQ(FirstPairs(all, 5000).size(), all.size());
}

}  // namespace
}  // namespace lineage
