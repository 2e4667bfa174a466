#include "io/hub/revision_info.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {
const std::string kSha = "0123456789abcdef0123456789abcdef01234567";
const std::string kLfs = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
}  // namespace

TEST(RevisionInfoTest, ParsesShaSiblingsSizesAndLfs) {
  const std::string json = R"({"id":"org/name","sha":")" + kSha + R"(","siblings":[
    {"rfilename":"config.json","size":12},
    {"rfilename":"model.safetensors","size":1000,"lfs":{"sha256":")" +
                           kLfs + R"(","size":1000}},
    {"rfilename":"sub/tokenizer.json"}]})";
  auto info = ParseRevisionInfo(json, "api");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->commit, kSha);
  ASSERT_EQ(info->files.size(), 3u);
  EXPECT_EQ(info->files[0].size, 12u);
  EXPECT_EQ(info->files[1].lfs_sha256, kLfs);
  EXPECT_FALSE(info->files[2].size);
  ASSERT_NE(info->Find("sub/tokenizer.json"), nullptr);
  EXPECT_EQ(info->Find("nope"), nullptr);
}

TEST(RevisionInfoTest, RefusesHostileAnswers) {
  const std::string head = R"({"sha":")" + kSha + R"(","siblings":[)";
  for (const std::string& bad : {
           std::string(R"({"sha":"main","siblings":[]})"),
           std::string(R"({"siblings":[]})"),
           std::string(R"({"sha":")") + kSha + R"("})",
           head + R"({"rfilename":"../../etc/passwd"}]})",
           head + R"({"rfilename":"/abs"}]})",
           head + R"({"rfilename":"a\u0000b"}]})",
           head + R"({"rfilename":"a"},{"rfilename":"a"}]})",
           head + R"({"rfilename":"a","size":-1}]})",
           head + R"({"rfilename":"a","size":"12"}]})",
           head + R"({"rfilename":"a","lfs":{"sha256":"xyz"}}]})",
           head + R"({"rfilename":7}]})",
           head + R"(3]})",
           std::string("[]"),
           std::string("{"),
           std::string(200, '['),
       }) {
    auto info = ParseRevisionInfo(bad, "api");
    EXPECT_FALSE(info.ok()) << bad;
  }
}

}  // namespace lineage
