#include "behaviour/endpoint.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(ParseEndpointFlag, LabelAndBaseUrl) {
  auto s = ParseEndpointFlag("ft-sft=http://127.0.0.1:8080/v1/");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->label, "ft-sft");
  EXPECT_EQ(s->url, "http://127.0.0.1:8080");
  EXPECT_TRUE(s->model.empty());
}

TEST(ParseEndpointFlag, BadFlagsAreRefused) {
  for (const char* f : {"no-equals", "=http://h", "x=", "x=ftp://h/", "x=http://user:pw@h/"}) {
    EXPECT_EQ(ParseEndpointFlag(f).status().code(), Status::Code::kInvalidArgument) << f;
  }
  // A URL with credentials is refused without echoing them.
  auto s = ParseEndpointFlag("x=http://user:secretpw@h/");
  EXPECT_EQ(s.status().message().find("secretpw"), std::string::npos) << s.status().message();
}

TEST(ApiKey, PerLabelThenShared) {
  EXPECT_EQ(ApiKeyEnvName("ft-sft.v2"), "LINEAGE_API_KEY_FT_SFT_V2");
  auto env = [](const char* k) -> const char* {
    const std::string key = k;
    if (key == "LINEAGE_API_KEY_BASE") return "own";
    if (key == "OPENAI_API_KEY") return "shared";
    return nullptr;
  };
  EXPECT_EQ(ApiKeyFor("base", env), "own");
  EXPECT_EQ(ApiKeyFor("other", env), "shared");
  EXPECT_EQ(ApiKeyFor("other", [](const char*) -> const char* { return nullptr; }), "");
}

}  // namespace
}  // namespace lineage
