#include "io/http/headers.h"

#include <gtest/gtest.h>

namespace lineage {

TEST(HttpHeadersTest, DecimalIsStrict) {
  EXPECT_EQ(ParseDecimal("0"), 0u);
  EXPECT_EQ(ParseDecimal("1234567890123456789"), 1234567890123456789u);
  EXPECT_FALSE(ParseDecimal(""));
  EXPECT_FALSE(ParseDecimal("+1"));
  EXPECT_FALSE(ParseDecimal("-1"));
  EXPECT_FALSE(ParseDecimal("1 2"));
  EXPECT_FALSE(ParseDecimal("12345678901234567890"));  // 20 digits could overflow
  EXPECT_FALSE(ParseDecimal("0x10"));
}

TEST(HttpHeadersTest, ContentRange) {
  auto cr = ParseContentRange("bytes 10-19/100");
  ASSERT_TRUE(cr);
  EXPECT_EQ(cr->first, 10u);
  EXPECT_EQ(cr->last, 19u);
  EXPECT_EQ(cr->total, 100u);
  EXPECT_TRUE(ParseContentRange(" bytes 0-0/1 "));
  EXPECT_FALSE(ParseContentRange("bytes */100"));       // a 416's form, no range
  EXPECT_FALSE(ParseContentRange("bytes 20-10/100"));   // first > last
  EXPECT_FALSE(ParseContentRange("bytes 10-100/100"));  // last >= total
  EXPECT_FALSE(ParseContentRange("bytes 10-19/*"));     // unknown total
  EXPECT_FALSE(ParseContentRange("items 10-19/100"));
  EXPECT_FALSE(ParseContentRange("bytes 10 - 19/100"));
  EXPECT_FALSE(ParseContentRange("bytes 10-19/100/3"));
  EXPECT_FALSE(ParseContentRange("bytes -1-19/100"));
  EXPECT_FALSE(ParseContentRange(""));
}

TEST(HttpHeadersTest, ContentLength) {
  EXPECT_EQ(ParseContentLength(" 42"), 42u);
  EXPECT_FALSE(ParseContentLength("42, 42"));
  EXPECT_FALSE(ParseContentLength("4e2"));
}

TEST(HttpHeadersTest, HttpDate) {
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(ParseHttpDate("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
  EXPECT_EQ(ParseHttpDate("Tue, 29 Feb 2000 00:00:00 GMT"), 951782400);
  EXPECT_FALSE(ParseHttpDate("Mon, 29 Feb 2001 00:00:00 GMT"));  // not a leap year
  EXPECT_FALSE(ParseHttpDate("Sun, 06 Nov 1994 24:00:00 GMT"));
  EXPECT_FALSE(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));  // obsolete forms refused
  EXPECT_FALSE(ParseHttpDate("Sun, 06 Foo 1994 08:49:37 GMT"));
  EXPECT_FALSE(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 UTC"));
}

TEST(HttpHeadersTest, RetryAfterSecondsOrDateCapped) {
  EXPECT_EQ(ParseRetryAfter("5", 0, 60), 5.0);
  EXPECT_EQ(ParseRetryAfter("86400", 0, 60), 60.0);
  EXPECT_EQ(ParseRetryAfter("Thu, 01 Jan 1970 00:00:30 GMT", 10, 60), 20.0);
  EXPECT_EQ(ParseRetryAfter("Thu, 01 Jan 1970 00:00:30 GMT", 100, 60), 0.0);  // in the past
  EXPECT_FALSE(ParseRetryAfter("-5", 0, 60));
  EXPECT_FALSE(ParseRetryAfter("soon", 0, 60));
  EXPECT_FALSE(ParseRetryAfter("1.5", 0, 60));
}

TEST(HttpHeadersTest, Etag) {
  EXPECT_EQ(ParseEtag("\"abc\""), "abc");
  EXPECT_EQ(ParseEtag("W/\"abc\""), "abc");
  EXPECT_EQ(ParseEtag("abc-123"), "abc-123");
  EXPECT_FALSE(ParseEtag("\"\""));
  EXPECT_FALSE(ParseEtag("\"a b\""));
  EXPECT_FALSE(ParseEtag("\"a\\\"b\""));
  EXPECT_FALSE(ParseEtag(std::string(300, 'a')));
  EXPECT_FALSE(ParseEtag("a\x01"));
}

TEST(HttpHeadersTest, CommitSha) {
  EXPECT_EQ(ParseCommitSha("0123456789ABCDEF0123456789abcdef01234567"),
            "0123456789abcdef0123456789abcdef01234567");
  EXPECT_FALSE(ParseCommitSha("0123456789abcdef0123456789abcdef0123456"));
  EXPECT_FALSE(ParseCommitSha("g123456789abcdef0123456789abcdef01234567"));
  EXPECT_FALSE(ParseCommitSha("main"));
}

}  // namespace lineage
