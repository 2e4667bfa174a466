#include <gtest/gtest.h>

#include <map>

#include "io/hub/resolve.h"
#include "test_util.h"

namespace lineage {
namespace {

HubOptions FromMap(const std::map<std::string, std::string>& env) {
  return HubOptionsFromEnvironment([&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

}  // namespace

TEST(HubOptionsTest, Defaults) {
  HubOptions o = FromMap({{"HOME", "/home/u"}});
  EXPECT_EQ(o.endpoint, "https://huggingface.co");
  EXPECT_EQ(o.hf_home, "/home/u/.cache/huggingface");
  EXPECT_FALSE(o.offline);
  EXPECT_EQ(o.ca_bundle, "");
}

TEST(HubOptionsTest, EnvironmentOverrides) {
  HubOptions o = FromMap({{"HOME", "/home/u"},
                          {"XDG_CACHE_HOME", "/xdg"},
                          {"HF_ENDPOINT", "http://127.0.0.1:9000/"},
                          {"HF_TOKEN", "hf_secret"},
                          {"HF_HUB_OFFLINE", "TRUE"},
                          {"SSL_CERT_FILE", "/ca2.pem"}});
  EXPECT_EQ(o.endpoint, "http://127.0.0.1:9000");
  EXPECT_EQ(o.hf_home, "/xdg/huggingface");
  EXPECT_EQ(o.token, "hf_secret");
  EXPECT_TRUE(o.offline);
  EXPECT_EQ(o.ca_bundle, "/ca2.pem");
  o = FromMap({{"HF_HOME", "/hf"},
               {"CURL_CA_BUNDLE", "/ca1.pem"},
               {"SSL_CERT_FILE", "/ca2.pem"},
               {"HF_HUB_OFFLINE", "0"}});
  EXPECT_EQ(o.hf_home, "/hf");
  EXPECT_EQ(o.ca_bundle, "/ca1.pem");
  EXPECT_FALSE(o.offline);
}

TEST(HubOptionsTest, TokenFileWhenNoVariable) {
  const std::string home = testing::TempDir("hf_token");
  testing::WriteFile(home + "/token", std::string("hf_fromfile\n"));
  EXPECT_EQ(FromMap({{"HF_HOME", home}}).token, "hf_fromfile");
  EXPECT_EQ(FromMap({{"HF_HOME", home}, {"HF_TOKEN", "hf_env"}}).token, "hf_env");
  testing::WriteFile(home + "/token", std::string("two words\n"));
  EXPECT_EQ(FromMap({{"HF_HOME", home}}).token, "");  // not a token: never sent
}

}  // namespace lineage
