#include "tokenizer/scripts.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(ScriptsTest, ClassifiesByLetters) {
  EXPECT_EQ(ScriptOf(" \xEC\x95\x88\xEB\x85\x95"), "Hangul");  // " 안녕"
  EXPECT_EQ(ScriptOf("\xE4\xB8\xAD\xE6\x96\x87"), "Han");      // 中文
  EXPECT_EQ(ScriptOf("\xE3\x81\x93\xE3\x82\x93"), "Kana");     // こん
  EXPECT_EQ(ScriptOf(" hello"), "Latin");
  EXPECT_EQ(ScriptOf("\xD0\xBF\xD1\x80\xD0\xB8"), "Cyrillic");
  EXPECT_EQ(ScriptOf("self._x"), "code");
  EXPECT_EQ(ScriptOf("    return"), "code");
  EXPECT_EQ(ScriptOf("});"), "code");
  EXPECT_EQ(ScriptOf("2024"), "digits");
  EXPECT_EQ(ScriptOf("   "), "whitespace");
  EXPECT_EQ(ScriptOf("\xEC\x95"), "partial-UTF-8");
  EXPECT_EQ(ScriptOf("..."), "symbols");
}

TEST(ScriptsTest, CountsLargestFirst) {
  auto c = CountScripts({"a", "b", "\xEC\x95\x88", "c"});
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].script, "Latin");
  EXPECT_EQ(c[0].count, 3);
  EXPECT_EQ(c[1].script, "Hangul");
}

}  // namespace
}  // namespace lineage
