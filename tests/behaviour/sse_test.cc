#include "behaviour/sse.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(SplitSseData, EventsUpToDone) {
  auto r =
      SplitSseData("data: {\"a\":1}\n\ndata: {\"b\":2}\r\n\r\n: comment\n\ndata: [DONE]\n\n", "u");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0], "{\"a\":1}");
  EXPECT_EQ((*r)[1], "{\"b\":2}");
}

TEST(SplitSseData, MultiLineDataAndOtherFields) {
  auto r = SplitSseData("event: x\nid: 3\ndata: line1\ndata:line2\n\ndata: [DONE]\n", "u");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0], "line1\nline2");
}

TEST(SplitSseData, BrokenStreamsAreRefusedNamingTheSource) {
  for (const char* body : {"data: {\"a\":1}\n\n",                   // no [DONE]
                           "data: {\"a\":1}\n\ndata: {\"ch",        // cut inside a line
                           "data: {\"a\":1}\n\ndata: {\"b\":2}\n",  // cut inside an event
                           "data: [DONE]\n\ndata: {\"late\":1}\n\n", ""}) {
    auto r = SplitSseData(body, "http://h/v1/completions");
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
    EXPECT_NE(r.status().message().find("http://h/v1/completions"), std::string::npos);
  }
}

}  // namespace
}  // namespace lineage
