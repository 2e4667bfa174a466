#include "report/escape.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(EscapeTest, HtmlEscapesEveryMarkupCharacterAndKeepsTheRest) {
  EXPECT_EQ(HtmlEscape("<script>alert('x\")</script> & é"),
            "&lt;script&gt;alert(&#39;x&quot;)&lt;/script&gt; &amp; é");
  EXPECT_EQ(HtmlEscape(""), "");
  EXPECT_EQ(HtmlEscape("plain 한국어"), "plain 한국어");
}

TEST(EscapeTest, MarkdownCellsCannotEndTheirRow) {
  EXPECT_EQ(MarkdownCell("a|b\nc\rd"), "a\\|b c d");
  EXPECT_EQ(MarkdownRow({"x|y", "z"}), "| x\\|y | z |\n");
  EXPECT_EQ(MarkdownHeader({"a", "b"}), "| a | b |\n|---|---|\n");
}

}  // namespace
}  // namespace lineage
