#include "io/http/url.h"

#include <gtest/gtest.h>

namespace lineage {

TEST(UrlTest, ParsesAndNormalisesOrigin) {
  auto u = ParseUrl("HTTPS://HuggingFace.co/org/name?x=1#frag");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "huggingface.co");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->path, "/org/name?x=1");
  EXPECT_EQ(u->ToString(), "https://huggingface.co/org/name?x=1");
  auto p = ParseUrl("http://127.0.0.1:8080");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->port, 8080);
  EXPECT_EQ(p->path, "/");
  EXPECT_EQ(p->ToString(), "http://127.0.0.1:8080/");
  EXPECT_TRUE(ParseUrl("http://[::1]:9/x"));
}

TEST(UrlTest, RefusesHostileUrls) {
  EXPECT_FALSE(ParseUrl("ftp://host/x"));
  EXPECT_FALSE(ParseUrl("file:///etc/passwd"));
  EXPECT_FALSE(ParseUrl("https://user@evil.com/"));  // userinfo hides the host
  EXPECT_FALSE(ParseUrl("https://good.com@evil.com/"));
  EXPECT_FALSE(ParseUrl("https://host:0/"));
  EXPECT_FALSE(ParseUrl("https://host:65536/"));
  EXPECT_FALSE(ParseUrl("https://ho st/"));
  EXPECT_FALSE(ParseUrl("https://host/a b"));
  EXPECT_FALSE(ParseUrl("https://host/a\\b"));
  EXPECT_FALSE(ParseUrl("https://host/a/../b"));
  EXPECT_FALSE(ParseUrl("https:///path"));
}

TEST(UrlTest, ResolvesLocation) {
  const Url base = *ParseUrl("https://hub.example/org/name/resolve/abc/model.safetensors");
  EXPECT_EQ(ResolveLocation(base, "https://cdn.example/blob?sig=1")->ToString(),
            "https://cdn.example/blob?sig=1");
  EXPECT_EQ(ResolveLocation(base, "//cdn.example/x")->ToString(), "https://cdn.example/x");
  EXPECT_EQ(ResolveLocation(base, "/api/x")->ToString(), "https://hub.example/api/x");
  EXPECT_EQ(ResolveLocation(base, "other.bin")->ToString(),
            "https://hub.example/org/name/resolve/abc/other.bin");
  EXPECT_EQ(ResolveLocation(base, "?x=2")->ToString(),
            "https://hub.example/org/name/resolve/abc/model.safetensors?x=2");
  EXPECT_FALSE(ResolveLocation(base, ""));
  EXPECT_FALSE(ResolveLocation(base, "../../../etc"));
  EXPECT_FALSE(ResolveLocation(base, "javascript:alert(1)"));
  EXPECT_FALSE(ResolveLocation(base, "https://a@b/"));
}

TEST(UrlTest, TokenGoesOnlyToTheSameOrigin) {
  const Url hub = *ParseUrl("https://huggingface.co");
  EXPECT_TRUE(SameOrigin(hub, *ParseUrl("https://huggingface.co/api/models/x/y")));
  EXPECT_TRUE(SameOrigin(hub, *ParseUrl("https://HUGGINGFACE.CO:443/x")));
  EXPECT_FALSE(SameOrigin(hub, *ParseUrl("https://cdn-lfs.huggingface.co/x")));
  EXPECT_FALSE(SameOrigin(hub, *ParseUrl("http://huggingface.co/x")));  // scheme downgrade
  EXPECT_FALSE(SameOrigin(hub, *ParseUrl("https://huggingface.co:8443/x")));
  EXPECT_FALSE(SameOrigin(hub, *ParseUrl("https://huggingface.co.evil.com/x")));
}

TEST(UrlTest, Loopback) {
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("127.1.2.3"));
  EXPECT_TRUE(IsLoopbackHost("[::1]"));
  EXPECT_FALSE(IsLoopbackHost("127.0.0.1.evil.com"));
  EXPECT_FALSE(IsLoopbackHost("10.0.0.1"));
  EXPECT_FALSE(IsLoopbackHost("localhost.evil.com"));
}

TEST(UrlTest, EncodesPaths) {
  EXPECT_EQ(EncodeUrlPath("sub/model-00001.safetensors"), "sub/model-00001.safetensors");
  EXPECT_EQ(EncodeUrlPath("a b?#%"), "a%20b%3F%23%25");
}

}  // namespace lineage
