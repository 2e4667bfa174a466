#include "util/json.h"

#include <gtest/gtest.h>

#include <string>

namespace lineage {

TEST(JsonTest, ParsesValidJson) {
  auto r = ParseJson(R"({"a": [1, 2, {"b": "c"}]})", "x.json");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["a"][2]["b"], "c");
}

TEST(JsonTest, RejectsDeepNestingWithOffset) {
  std::string deep(100000, '[');
  auto r = ParseJson(deep, "deep.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
  EXPECT_NE(r.status().message().find("deep.json: offset 128"), std::string::npos)
      << r.status().message();
}

TEST(JsonTest, RejectsInvalidUtf8) {
  std::string bad = "{\"a\": \"\xC3\x28\"}";
  auto r = ParseJson(bad, "bad.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("offset 7"), std::string::npos) << r.status().message();
}

TEST(JsonTest, RejectsSyntaxErrorsWithOffset) {
  auto r = ParseJson("{\"a\": 1,, }", "syn.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("syn.json: offset"), std::string::npos);
}

TEST(JsonTest, BracketsInsideStringsDoNotCountAsDepth) {
  std::string s = "{\"a\": \"" + std::string(1000, '[') + "\"}";
  EXPECT_TRUE(ParseJson(s, "s.json").ok());
}

}  // namespace lineage
