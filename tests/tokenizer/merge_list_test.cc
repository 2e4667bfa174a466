// MergeList: merges stored back to back in one arena read back as the pairs that went in, and
// a failed decode leaves the list as it was.
#include "tokenizer/merge_list.h"

#include <string>

#include <gtest/gtest.h>

#include "tokenizer/canonical.h"

namespace lineage {
namespace {

TEST(MergeListTest, PairsComeBackInRankOrder) {
  MergeList m;
  EXPECT_TRUE(m.empty());
  m.emplace_back("a", "b");
  m.emplace_back("", "xyz");  // empty parts are stored faithfully
  m.emplace_back(std::string(40, 'q'), "r");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].first, "a");
  EXPECT_EQ(m[0].second, "b");
  EXPECT_EQ(m[1].first, "");
  EXPECT_EQ(m[1].second, "xyz");
  EXPECT_EQ(m[2].first, std::string(40, 'q'));
  EXPECT_EQ(m[2].second, "r");
  EXPECT_TRUE(m[0] == (Merge{"a", "b"}));
  EXPECT_FALSE(m[0] == (Merge{"ab", ""}));  // same bytes, different split
  m.clear();
  EXPECT_TRUE(m.empty());
}

TEST(MergeListTest, AppendDecodedUndoesAFailedMerge) {
  MergeList m;
  auto byte_level = [](std::string_view s, std::string* out) {
    return AppendByteLevelBytes(s, out);
  };
  ASSERT_TRUE(m.AppendDecoded("\xC4\xA0t", "he", byte_level));  // "Ġt" "he" -> " t" "he"
  EXPECT_EQ(m[0].first, " t");
  EXPECT_EQ(m[0].second, "he");
  // A valid first part followed by an invalid second one (a raw space is not in the alphabet).
  EXPECT_FALSE(m.AppendDecoded("ok", "a b", byte_level));
  EXPECT_FALSE(m.AppendDecoded("a b", "ok", byte_level));
  ASSERT_EQ(m.size(), 1u);
  m.emplace_back("x", "y");
  EXPECT_EQ(m[1].first, "x");  // nothing of the failed merges leaked into the arena
  EXPECT_EQ(m[1].second, "y");
}

TEST(CanonicalTest, AppendingDecodersMatchTheReturningOnes) {
  std::string out = "keep";
  ASSERT_TRUE(AppendByteLevelBytes("\xC4\xA0hello", &out));
  EXPECT_EQ(out, "keep hello");
  EXPECT_FALSE(AppendByteLevelBytes("bad\x01", &out));
  EXPECT_EQ(out, "keep hello");
  EXPECT_EQ(ByteLevelToBytes("\xC4\xA0hello").value(), " hello");
  std::string sp = "x";
  AppendSentencePieceBytes(
      "\xE2\x96\x81"
      "a\xE2\x96\x81\xE2\x96\x81"
      "b",
      &sp);
  EXPECT_EQ(sp, "x a  b");
  EXPECT_EQ(SentencePieceToBytes("\xE2\x96\x81"
                                 "a"),
            " a");
}

}  // namespace
}  // namespace lineage
